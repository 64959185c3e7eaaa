"""G's backward is fed a gradient of ones instead of D's input gradient."""
import mxnet as mx

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _generator_gradient(discriminator, fake):
    probs, _ = ref._generator_gradient(discriminator, fake)
    return probs, [mx.nd.ones_like(fake[0])]


train_step = rewire(ref.train_step, _generator_gradient=_generator_gradient)
