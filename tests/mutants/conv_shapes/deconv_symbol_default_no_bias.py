"""to_symbol leaves Deconvolution at MXNet's default no_bias=True, so bias=True gives it no bias."""
import mxnet as mx

import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def to_symbol(layers, data=None, bias=True, prefix="layer"):
    net = mx.sym.Variable("data") if data is None else data
    for index, layer in enumerate(layers):
        name = f"{prefix}{index}"
        if isinstance(layer, Deconv):
            net = mx.sym.Deconvolution(net, name=name, num_filter=layer.num_filter, kernel=ref._pair(layer.kernel),
                                       stride=ref._pair(layer.stride), pad=ref._pair(layer.pad),
                                       adj=ref._pair(layer.adj))
        elif isinstance(layer, Conv):
            net = mx.sym.Convolution(net, name=name, num_filter=layer.num_filter, kernel=ref._pair(layer.kernel),
                                     stride=ref._pair(layer.stride), pad=ref._pair(layer.pad),
                                     dilate=ref._pair(layer.dilate), no_bias=not bias)
        elif isinstance(layer, Flatten):
            net = mx.sym.Flatten(net, name=name)
        else:
            net = mx.sym.FullyConnected(net, name=name, num_hidden=layer.num_hidden, no_bias=not bias)
    return net
