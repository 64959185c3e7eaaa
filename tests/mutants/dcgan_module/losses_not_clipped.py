"""The losses take log of D's raw outputs: a D that is sure (outputs 0 or 1) gives an infinite loss."""
import mxnet as mx

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _bce(prob, label):
    loss = -mx.nd.log(prob) if label == REAL else -mx.nd.log(1 - prob)
    return float(loss.mean().asscalar())


train_step = rewire(ref.train_step, _bce=_bce)
