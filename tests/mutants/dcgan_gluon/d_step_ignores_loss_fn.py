"""d_step accepts loss_fn but always uses the sigmoid cross-entropy."""
import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from tests.mutants import rewire


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    return ref.d_step(netG, netD, trainerD, real, z)


train_step = rewire(ref.train_step, globals())
