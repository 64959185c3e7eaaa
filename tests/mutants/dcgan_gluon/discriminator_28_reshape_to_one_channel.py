"""The 28x28 discriminator reshapes to (-1, 1, 28, 28): a 3-channel batch becomes three times as many 1-channel images."""
from mxnet.gluon import nn

import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from tests.mutants import rewire


def _reshape(shape):
    if shape == (0, -1, 28, 28):
        shape = (-1, 1, 28, 28)
    return nn.HybridLambda(lambda F, x: F.reshape(x, shape=shape))


build_discriminator = rewire(ref.build_discriminator, _reshape=_reshape)
