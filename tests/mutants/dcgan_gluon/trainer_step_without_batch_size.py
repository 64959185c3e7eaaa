"""trainerD.step(1) instead of step(batch_size): the summed gradient is not averaged (B times too big)."""
import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from solutions.dcgan_gluon import _labels, _loss  # noqa: F401
from tests.mutants import rewire


class _NoBatchSize:
    """Wraps a Trainer so that step(batch_size) becomes step(1)."""

    def __init__(self, trainer):
        self.trainer = trainer

    def step(self, batch_size):
        self.trainer.step(1)


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    return ref.d_step(netG, netD, _NoBatchSize(trainerD), real, z, loss_fn)


# the reference train_step, calling this module's steps
train_step = rewire(ref.train_step, globals())
