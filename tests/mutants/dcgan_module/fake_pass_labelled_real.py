"""D's pass on the fake batch uses label 1 (the real label), so D learns to call fakes real."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire

train_step = rewire(ref.train_step, FAKE=ref.REAL)
