"""D's step sends real and fake images through D as one concatenated batch: BatchNorm mixes their statistics."""
import mxnet as mx
from mxnet import autograd

import solutions.dcgan_gluon as ref
from solutions.dcgan_gluon import *  # noqa: F401,F403
from solutions.dcgan_gluon import _labels, _loss
from tests.mutants import rewire


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    loss_fn = _loss(loss_fn)
    batch_size = real.shape[0]
    with autograd.record():
        fake = netG(z).detach().reshape(real.shape)
        logits = netD(mx.nd.concat(real, fake, dim=0)).reshape((-1,))
        real_logits, fake_logits = logits[:batch_size], logits[batch_size:]
        errD = (loss_fn(real_logits, _labels(1, batch_size, real.context))
                + loss_fn(fake_logits, _labels(0, batch_size, real.context)))
    errD.backward()
    trainerD.step(batch_size)
    return errD, real_logits, fake_logits


train_step = rewire(ref.train_step, globals())
