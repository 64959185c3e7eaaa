"""train_step's noise=None is drawn once and reused at every step."""
import mxnet as mx

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403

_NOISE = {}


def train_step(gan, images, digits, noise=None):
    if noise is None:
        key = (gan.batch_size, gan.nz)
        if key not in _NOISE:
            _NOISE[key] = mx.nd.random.normal(0, 1, shape=(gan.batch_size, gan.nz, 1, 1), ctx=gan.ctx)
        noise = _NOISE[key]
    return ref.train_step(gan, images, digits, noise)
