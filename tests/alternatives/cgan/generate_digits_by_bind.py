"""generate_digits binds G's symbol with bind() on copies of G's weights and statistics, and one-hot digits from mx.nd.one_hot."""
import mxnet as mx

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def generate_digits(digit, n, gan, noise=None):
    digits = ref._digits(digit, n)
    if noise is None:
        noise = mx.nd.random.normal(0, 1, shape=(n, gan.nz, 1, 1), ctx=gan.ctx)
    args = {name: gan.G.arg_dict[name].copy() for name in gan.G_params}
    args["rand"] = ref._as_nd(noise, gan.ctx).copy()
    args["digit"] = mx.nd.one_hot(mx.nd.array(digits, ctx=gan.ctx), NUM_DIGITS)
    aux = {name: value.copy() for name, value in gan.G.aux_dict.items()}
    G = gan.G_symbol.bind(gan.ctx, args=args, aux_states=aux, grad_req="null")
    return G.forward(is_train=False)[0].asnumpy()
