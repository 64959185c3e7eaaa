"""D is updated a second time during the G step, trained towards calling the fakes real."""
import types

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403


def _generator_gradient(discriminator, fake):
    probs, input_grads = ref._generator_gradient(discriminator, fake)
    discriminator.update()
    return probs, input_grads


train_step = types.FunctionType(ref.train_step.__code__,
                                {**vars(ref), "_generator_gradient": _generator_gradient})
