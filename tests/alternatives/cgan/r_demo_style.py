"""The R demo's ways: updaters indexed by position in arg_arrays, D's verdicts read at once into numpy, digit planes by tile, D_back computing only the 'data' gradient, losses in float64 with a 1e-12 clip."""
import mxnet as mx
import numpy as np

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire


def digit_planes(digit, size=IMAGE_SIZE):
    return mx.sym.tile(mx.sym.reshape(digit, shape=(0, NUM_DIGITS, 1, 1)), reps=(1, 1, size, size))


discriminator_symbol = rewire(ref.discriminator_symbol, digit_planes=digit_planes)


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    gan = rewire(ref.make_executors, discriminator_symbol=discriminator_symbol)(
        batch_size, nz, ngf, ndf, ctx, lr, beta1, sigma)
    d_sym = gan.D._symbol
    grads = {"data": mx.nd.zeros(gan.D.arg_dict["data"].shape, gan.ctx)}
    req = {n: ("write" if n == "data" else "null") for n in d_sym.list_arguments()}
    D_back = d_sym.bind(gan.ctx, args=gan.D.arg_dict, args_grad=grads, grad_req=req, aux_states=gan.D.aux_dict)
    return CGAN(gan.G, gan.D, D_back, gan.G_updater, gan.D_updater, gan.nz, gan.ctx, gan.G_symbol)


def _update(exe, inputs, updater):
    for index, (name, weight, grad) in enumerate(zip(exe._symbol.list_arguments(), exe.arg_arrays, exe.grad_arrays)):
        if name not in inputs:
            updater(index, grad, weight)


def _verdicts(exe, images, digits, label):
    exe.arg_dict["data"][:] = images
    exe.arg_dict["digit"][:] = digits
    exe.arg_dict["label"][:] = label
    exe.forward(is_train=True)
    probs = exe.outputs[0].asnumpy().astype(np.float64).ravel()
    exe.backward()
    return probs


def _bce(p, label):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(np.mean(-np.log(p) if label == 1 else -np.log(1 - p)))


def d_step(gan, images, digits, noise):
    digits = ref._as_nd(digits, gan.ctx)
    fake = generate(gan, noise, digits)
    p_fake = _verdicts(gan.D, fake, digits, 0)
    _update(gan.D, D_INPUTS, gan.D_updater)
    p_real = _verdicts(gan.D, ref._as_nd(images, gan.ctx), digits, 1)
    _update(gan.D, D_INPUTS, gan.D_updater)
    return _bce(p_fake, 0) + _bce(p_real, 1)


def g_step(gan, digits, noise):
    digits = ref._as_nd(digits, gan.ctx)
    fake = generate(gan, noise, digits)
    p = _verdicts(gan.D_back, fake, digits, 1)
    gan.G.backward(out_grads=[gan.D_back.grad_dict["data"]])
    _update(gan.G, G_INPUTS, gan.G_updater)
    return _bce(p, 1)


train_step = rewire(ref.train_step, d_step=d_step, g_step=g_step)
