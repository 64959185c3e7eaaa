"""train_step returns numpy float32 scalars (asscalar() alone) instead of Python floats."""
import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403


def train_step(netG, netD, trainerG, trainerD, real, z, loss_fn=None):
    errD, real_logits, fake_logits = d_step(netG, netD, trainerD, real, z, loss_fn)
    errG = g_step(netG, netD, trainerG, z, loss_fn)
    return {"errD": errD.mean().asscalar(), "errG": errG.mean().asscalar(),
            "d_real": real_logits.sigmoid().mean().asscalar(), "d_fake": fake_logits.sigmoid().mean().asscalar()}
