"""Adam keeps its default beta1=0.9 instead of the DCGAN paper's 0.5."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _adam(module, lr, beta1):
    module.init_optimizer(optimizer="adam", optimizer_params={"learning_rate": lr})


make_modules = rewire(ref.make_modules, _adam=_adam)
