"""The G step's executor D_back bound with grad_req 'add', so its data gradient accumulates across steps."""
import mxnet as mx

from solutions.cgan import *  # noqa: F401,F403
import solutions.cgan as ref


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    gan = ref.make_executors(batch_size, nz, ngf, ndf, ctx, lr, beta1, sigma)
    grads = {n: mx.nd.zeros(a.shape, gan.ctx) for n, a in gan.D.arg_dict.items()}
    gan.D_back = gan.D_back._symbol.bind(gan.ctx, args=gan.D.arg_dict, args_grad=grads,
                                         grad_req="add", aux_states=gan.D.aux_dict)
    return gan
