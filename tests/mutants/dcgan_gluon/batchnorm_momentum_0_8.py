"""Every BatchNorm built with momentum 0.8 instead of Gluon's default 0.9: the running statistics drift too fast."""
from mxnet.gluon import nn

import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from tests.mutants import rewire


class _Nn:
    """gluon.nn with BatchNorm's momentum changed."""

    def __getattr__(self, name):
        return getattr(nn, name)

    @staticmethod
    def BatchNorm(**kwargs):
        return nn.BatchNorm(momentum=0.8, **kwargs)


build_generator = rewire(ref.build_generator, nn=_Nn())
build_discriminator = rewire(ref.build_discriminator, nn=_Nn())
