"""BatchNorm keeps MXNet's default eps=1e-3 instead of the tutorial's 1e-5."""
import types

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403

_globals = {**vars(ref), "BN_EPS": 1e-3}
for _name in ("generator_symbol", "discriminator_symbol", "make_modules"):
    _fn = getattr(ref, _name)
    _globals[_name] = globals()[_name] = types.FunctionType(_fn.__code__, _globals, _name, _fn.__defaults__)
