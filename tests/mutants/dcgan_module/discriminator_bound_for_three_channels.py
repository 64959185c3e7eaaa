"""D is bound for 3-channel images whatever nc (the tutorial's RGB hard-coded)."""
import mxnet as mx

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403


def make_modules(batch_size, nz=100, ngf=128, ndf=128, nc=3, image_size=64, ctx=None,
                 lr=LR, beta1=BETA1, sigma=SIGMA):
    generator, _ = ref.make_modules(batch_size, nz, ngf, ndf, nc, image_size, ctx, lr, beta1, sigma)
    discriminator = mx.mod.Module(discriminator_symbol(ndf, image_size), data_names=("data",),
                                  label_names=("label",), context=ctx or mx.cpu())
    discriminator.bind(data_shapes=[("data", (batch_size, 3, image_size, image_size))],
                       label_shapes=[("label", (batch_size,))], inputs_need_grad=True)
    discriminator.init_params(initializer=mx.init.Normal(sigma))
    ref._adam(discriminator, lr, beta1)
    return generator, discriminator
