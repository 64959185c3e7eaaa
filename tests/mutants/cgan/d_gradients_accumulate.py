"""D is bound with grad_req 'add': the real pass's gradient piles onto the fake pass's (and every step's onto the last)."""
import mxnet as mx

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    gan = ref.make_executors(batch_size, nz, ngf, ndf, ctx, lr, beta1, sigma)
    d_sym = gan.D._symbol
    shapes = {n: a.shape for n, a in gan.D.arg_dict.items()}
    D = d_sym.simple_bind(gan.ctx, grad_req={n: ("null" if n in ("data", "label") else "add")
                                             for n in d_sym.list_arguments()}, **shapes)
    for n, a in gan.D.arg_dict.items():
        a.copyto(D.arg_dict[n])
    for n, a in D.grad_dict.items():
        if a is not None:
            a[:] = 0
    grads = {n: mx.nd.zeros(a.shape, gan.ctx) for n, a in D.arg_dict.items()}
    D_back = d_sym.bind(gan.ctx, args=D.arg_dict, args_grad=grads, grad_req="write", aux_states=D.aux_dict)
    return ref.CGAN(gan.G, D, D_back, gan.G_updater, gan.D_updater, gan.nz, gan.ctx, gan.G_symbol)
