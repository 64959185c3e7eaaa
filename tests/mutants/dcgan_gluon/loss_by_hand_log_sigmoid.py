"""The default loss written by hand as -log(sigmoid(x)) - log(1 - sigmoid(x)): a D that is sure gives an infinite loss."""
import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from tests.mutants import rewire


def _by_hand(logits, labels):
    p = logits.sigmoid()
    return -(labels * p.log() + (1 - labels) * (1 - p).log())


def _loss(loss_fn):
    return loss_fn if loss_fn is not None else _by_hand


d_step = rewire(ref.d_step, _loss=_loss)
g_step = rewire(ref.g_step, _loss=_loss)
train_step = rewire(ref.train_step, d_step=d_step, g_step=g_step)
