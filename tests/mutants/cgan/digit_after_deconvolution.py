"""The one-hot digit concatenated after the first deconvolution instead of to the noise before it."""
import mxnet as mx

from solutions.cgan import *  # noqa: F401,F403


def generator_symbol(nz=100, ngf=64):
    x = mx.sym.Deconvolution(mx.sym.Variable("rand"), name="g1", kernel=(7, 7),
                             num_filter=ngf * 2, no_bias=True)
    x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn1", fix_gamma=False), act_type="relu")
    x = mx.sym.concat(x, digit_planes(mx.sym.Variable("digit"), size=7), dim=1)
    for name, filters in (("2", ngf), ("3", ngf)):
        x = mx.sym.Deconvolution(x, name="g" + name, kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                                 num_filter=filters, no_bias=True)
        x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn" + name, fix_gamma=False), act_type="relu")
    x = mx.sym.Convolution(x, name="g4", kernel=(3, 3), pad=(1, 1), num_filter=1)
    return mx.sym.Activation(x, act_type="tanh")
