"""D's LeakyReLU keeps MXNet's default slope 0.25 instead of 0.2."""
import types

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403

_globals = {**vars(ref), "SLOPE": 0.25}
for _name in ("discriminator_symbol", "make_modules"):
    _fn = getattr(ref, _name)
    _globals[_name] = globals()[_name] = types.FunctionType(_fn.__code__, _globals, _name, _fn.__defaults__)
