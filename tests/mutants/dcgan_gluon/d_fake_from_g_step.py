"""d_fake is read from the G step's pass (the updated D on the fakes) instead of D's step."""
from mxnet import autograd

import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403


def train_step(netG, netD, trainerG, trainerD, real, z, loss_fn=None):
    stats = ref.train_step(netG, netD, trainerG, trainerD, real, z, loss_fn)
    with autograd.train_mode():
        stats["d_fake"] = float(netD(netG(z)).sigmoid().mean().asscalar())
    return stats
