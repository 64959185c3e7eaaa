"""make_executors draws every argument but the gammas from N(0, sigma): the biases and betas do not start at 0."""
import mxnet as mx

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    gan = ref.make_executors(batch_size, nz, ngf, ndf, ctx, lr, beta1, sigma)
    for exe, names in ((gan.G, gan.G_params), (gan.D, gan.D_params)):
        for n in names:
            if n.endswith(("bias", "beta")):
                exe.arg_dict[n][:] = mx.nd.random.normal(0, sigma, shape=exe.arg_dict[n].shape, ctx=gan.ctx)
    return gan
