"""The 28x28 generator's Dense keeps Gluon's default bias (the docstring says use_bias=False)."""
from mxnet.gluon import nn

import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from tests.mutants import rewire


class _Nn:
    """gluon.nn with Dense's use_bias ignored."""

    def __getattr__(self, name):
        return getattr(nn, name)

    @staticmethod
    def Dense(units, use_bias=True, **kwargs):
        return nn.Dense(units, **kwargs)


build_generator = rewire(ref.build_generator, nn=_Nn())
