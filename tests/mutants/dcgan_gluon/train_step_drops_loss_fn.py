"""train_step passes loss_fn to d_step only: G's step falls back to the default loss."""
import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from tests.mutants import rewire


def _g_step(netG, netD, trainerG, z, loss_fn=None):
    return ref.g_step(netG, netD, trainerG, z)


train_step = rewire(ref.train_step, g_step=_g_step)
