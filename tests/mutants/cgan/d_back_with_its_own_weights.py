"""D_back bound on copies of D's weights, so G learns from a discriminator frozen at initialisation."""
import mxnet as mx

from solutions.cgan import *  # noqa: F401,F403
import solutions.cgan as ref


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    gan = ref.make_executors(batch_size, nz, ngf, ndf, ctx, lr, beta1, sigma)
    args_copy = {n: a.copy() for n, a in gan.D.arg_dict.items()}
    grads = {n: mx.nd.zeros(a.shape, gan.ctx) for n, a in gan.D.arg_dict.items()}
    gan.D_back = gan.D_back._symbol.bind(gan.ctx, args=args_copy, args_grad=grads,
                                         grad_req="write", aux_states=gan.D.aux_dict)
    return gan
