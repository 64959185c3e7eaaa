"""The G pass through D uses label 0, so G follows the gradient that makes its images look more fake."""
import types

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403


def _generator_gradient(discriminator, fake):
    probs = ref._d_pass(discriminator, fake, ref.FAKE)
    return probs, discriminator.get_input_grads()


train_step = types.FunctionType(ref.train_step.__code__,
                                {**vars(ref), "_generator_gradient": _generator_gradient})
