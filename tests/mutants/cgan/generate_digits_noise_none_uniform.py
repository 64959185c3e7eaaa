"""generate_digits' noise=None is drawn from U(-1, 1) instead of N(0, 1)."""
import mxnet as mx

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def generate_digits(digit, n, gan, noise=None):
    if noise is None:
        noise = mx.nd.random.uniform(-1, 1, shape=(n, gan.nz, 1, 1), ctx=gan.ctx)
    return ref.generate_digits(digit, n, gan, noise)
