"""The Gluon tutorial's step: D's output reshaped to (-1, 1) for the loss, labels made once per step, both halves back-propagated as two heads."""
import mxnet as mx
from mxnet import autograd, gluon, nd

from solutions.dcgan_gluon import *  # noqa: F401,F403


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    loss = loss_fn or gluon.loss.SigmoidBinaryCrossEntropyLoss()
    batch_size = real.shape[0]
    real_label = nd.ones((batch_size,), ctx=real.context)
    fake_label = nd.zeros((batch_size,), ctx=real.context)
    with autograd.record():
        output = netD(real).reshape((-1, 1))
        errD_real = loss(output, real_label)
        real_logits = output.reshape((-1,))
        fake = netG(z)
        output = netD(fake.detach()).reshape((-1, 1))
        errD_fake = loss(output, fake_label)
        fake_logits = output.reshape((-1,))
    autograd.backward([errD_real, errD_fake])
    trainerD.step(batch_size)
    return errD_real + errD_fake, real_logits, fake_logits


def g_step(netG, netD, trainerG, z, loss_fn=None):
    loss = loss_fn or gluon.loss.SigmoidBinaryCrossEntropyLoss()
    batch_size = z.shape[0]
    real_label = nd.ones((batch_size,), ctx=z.context)
    with autograd.record():
        fake = netG(z)
        output = netD(fake).reshape((-1, 1))
        errG = loss(output, real_label)
    errG.backward()
    trainerG.step(batch_size)
    return errG


def train_step(netG, netD, trainerG, trainerD, real, z, loss_fn=None):
    errD, real_logits, fake_logits = d_step(netG, netD, trainerD, real, z, loss_fn)
    errG = g_step(netG, netD, trainerG, z, loss_fn)
    mean = lambda x: float(nd.mean(x).asnumpy()[0])  # noqa: E731
    return {"errD": mean(errD), "errG": mean(errG),
            "d_real": mean(nd.sigmoid(real_logits)), "d_fake": mean(nd.sigmoid(fake_logits))}
