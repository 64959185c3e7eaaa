"""The one-hot digit laid along the image width (stripes in every plane) instead of one plane per digit."""
import mxnet as mx

from solutions.cgan import *  # noqa: F401,F403


def digit_planes(digit, size=IMAGE_SIZE):
    stripes = mx.sym.tile(mx.sym.reshape(digit, shape=(0, 1, 1, NUM_DIGITS)),
                          reps=(1, NUM_DIGITS, size, -(-size // NUM_DIGITS)))
    return mx.sym.slice_axis(stripes, axis=3, begin=0, end=size)


def discriminator_symbol(ndf=64):
    data = mx.sym.Variable("data")
    x = mx.sym.concat(data, digit_planes(mx.sym.Variable("digit")), dim=1)
    x = mx.sym.LeakyReLU(mx.sym.Convolution(x, name="d1", kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                                            num_filter=ndf), act_type="leaky", slope=0.2)
    x = mx.sym.Convolution(x, name="d2", kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=ndf * 2)
    x = mx.sym.LeakyReLU(x, act_type="leaky", slope=0.2)
    x = mx.sym.flatten(mx.sym.Convolution(x, name="d3", kernel=(7, 7), num_filter=1))
    return mx.sym.LogisticRegressionOutput(x, label=mx.sym.Variable("label"), name="dloss")
