"""d_real and d_fake report the mean logits instead of the mean probabilities sigmoid(logit)."""
import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403


def train_step(netG, netD, trainerG, trainerD, real, z, loss_fn=None):
    errD, real_logits, fake_logits = d_step(netG, netD, trainerD, real, z, loss_fn)
    errG = g_step(netG, netD, trainerG, z, loss_fn)
    return {"errD": float(errD.mean().asscalar()), "errG": float(errG.mean().asscalar()),
            "d_real": float(real_logits.mean().asscalar()), "d_fake": float(fake_logits.mean().asscalar())}
