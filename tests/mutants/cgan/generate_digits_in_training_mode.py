"""generate_digits runs G with is_train=True: BatchNorm uses the batch's statistics, so an image depends on its batch-mates."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
import mxnet as mx
import numpy as np


def generate_digits(digit, n, gan, noise=None):
    digits = ref._digits(digit, n)
    one_hot = np.zeros((n, NUM_DIGITS), np.float32)
    one_hot[np.arange(n), digits] = 1
    if noise is None:
        noise = mx.nd.random.normal(0, 1, shape=(n, gan.nz, 1, 1), ctx=gan.ctx)
    G = gan.G_symbol.simple_bind(gan.ctx, grad_req="null", rand=(n, gan.nz, 1, 1), digit=(n, NUM_DIGITS))
    G.copy_params_from({k: gan.G.arg_dict[k] for k in gan.G_params}, gan.G.aux_dict)
    G.arg_dict["rand"][:] = ref._as_nd(noise, gan.ctx)
    G.arg_dict["digit"][:] = mx.nd.array(one_hot, ctx=gan.ctx)
    G.forward(is_train=True)
    return G.outputs[0].asnumpy()
