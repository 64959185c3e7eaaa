"""The G pass through D uses label 0, so G follows the gradient that makes its images look more fake."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _generator_gradient(discriminator, fake):
    probs = ref._d_pass(discriminator, fake, ref.FAKE)
    return probs, discriminator.get_input_grads()


train_step = rewire(ref.train_step, _generator_gradient=_generator_gradient)
