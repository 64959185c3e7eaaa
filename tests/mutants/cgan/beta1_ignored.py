"""make_executors accepts beta1 but both updaters keep the DCGAN's 0.5."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire


def _adam_updater(lr, beta1, batch_size):
    return ref._adam_updater(lr, 0.5, batch_size)


make_executors = rewire(ref.make_executors, _adam_updater=_adam_updater)
