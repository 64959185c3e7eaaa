"""to_symbol does not pass dilate on to Convolution: MXNet convolves with a dense kernel."""
import mxnet as mx

from solutions.conv_shapes import *  # noqa: F401,F403
from solutions.conv_shapes import _pair


def to_symbol(layers, data=None, bias=True, prefix="layer"):
    net = mx.sym.Variable("data") if data is None else data
    for index, layer in enumerate(layers):
        name = f"{prefix}{index}"
        if isinstance(layer, Conv):
            net = mx.sym.Convolution(net, name=name, num_filter=layer.num_filter, kernel=_pair(layer.kernel),
                                     stride=_pair(layer.stride), pad=_pair(layer.pad),
                                     no_bias=not bias)
        elif isinstance(layer, Deconv):
            net = mx.sym.Deconvolution(net, name=name, num_filter=layer.num_filter, kernel=_pair(layer.kernel),
                                       stride=_pair(layer.stride), pad=_pair(layer.pad),
                                       adj=_pair(layer.adj), no_bias=not bias)
        elif isinstance(layer, Flatten):
            net = mx.sym.Flatten(net, name=name)
        else:
            net = mx.sym.FullyConnected(net, name=name, num_hidden=layer.num_hidden, no_bias=not bias)
    return net
