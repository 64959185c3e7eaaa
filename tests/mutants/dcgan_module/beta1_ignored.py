"""make_modules accepts beta1 but Adam always gets the tutorial's 0.5."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _adam(module, lr, beta1):
    ref._adam(module, lr, ref.BETA1)


make_modules = rewire(ref.make_modules, _adam=_adam)
