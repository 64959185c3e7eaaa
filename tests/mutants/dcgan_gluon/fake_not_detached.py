"""D's step feeds D the fake without detach(): errD.backward() writes G's gradients."""
from mxnet import autograd

import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from solutions.dcgan_gluon import _labels, _loss
from tests.mutants import rewire


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    loss_fn = _loss(loss_fn)
    batch_size = real.shape[0]
    with autograd.record():
        real_logits = netD(real).reshape((-1,))
        err_real = loss_fn(real_logits, _labels(1, batch_size, real.context))
        fake_logits = netD(netG(z)).reshape((-1,))
        err_fake = loss_fn(fake_logits, _labels(0, batch_size, real.context))
        errD = err_real + err_fake
    errD.backward()
    trainerD.step(batch_size)
    return errD, real_logits, fake_logits


# the reference train_step, calling this module's steps
train_step = rewire(ref.train_step, globals())
