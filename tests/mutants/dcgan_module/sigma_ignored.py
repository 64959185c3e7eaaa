"""make_modules accepts sigma but always initialises with N(0, 0.02)."""
import mxnet as mx

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403


def make_modules(batch_size, nz=100, ngf=128, ndf=128, nc=3, image_size=64, ctx=None,
                 lr=LR, beta1=BETA1, sigma=SIGMA):
    generator, discriminator = ref.make_modules(batch_size, nz, ngf, ndf, nc, image_size, ctx, lr, beta1)
    for module in (generator, discriminator):
        module.init_params(initializer=mx.init.Normal(SIGMA), force_init=True)
    return generator, discriminator
