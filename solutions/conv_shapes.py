"""Reference solution of the conv_shapes kata: the arithmetic of
(de)convolution stacks.

Most DCGAN bugs are shape bugs: a 64x64 stack fed 28x28 MNIST no longer
ends at 1x1, a generator overshoots to 32x32. This module computes every
shape by hand, the way MXNet's ``infer_shape`` does, and plans generator and
discriminator stacks for a given image size.

The API (other katas and tests rely on it):

Layer specs (namedtuples; ``kernel``, ``stride``, ``pad``, ``dilate``, ``adj``
are an int or an ``(h, w)`` pair)::

    Conv(num_filter, kernel, stride=1, pad=0, dilate=1)   # mx.sym.Convolution
    Deconv(num_filter, kernel, stride=1, pad=0, adj=0)    # mx.sym.Deconvolution
    Flatten()                                             # mx.sym.Flatten
    Dense(num_hidden)                                     # mx.sym.FullyConnected

Shapes are per example, without the batch axis: ``(channels, height, width)``
for images, ``(features,)`` after a Flatten or Dense. In Gluon the same
layers are ``nn.Conv2D(num_filter, kernel, stride, pad, dilation=dilate)``,
``nn.Conv2DTranspose(num_filter, kernel, stride, pad, output_padding=adj)``,
``nn.Flatten()`` and ``nn.Dense(num_hidden)``.

- ``conv_out(size, kernel, stride=1, pad=0, dilate=1)``:
  ``floor((size + 2*pad - dilate*(kernel-1) - 1) / stride) + 1``
- ``deconv_out(size, kernel, stride=1, pad=0, adj=0)``:
  ``(size-1)*stride - 2*pad + kernel + adj``
  Both take ints, or ``(h, w)`` pairs (then return a pair), and raise
  ValueError on a non-integer argument, an out-of-range hyper-parameter
  (MXNet wants ``adj < stride``) or a non-positive result, with the formula
  and the numbers in the message.
- ``trace_shapes(input_shape, layers)`` -> the output shape of every layer.
- ``count_params(input_shape, layers, bias=True)`` -> number of weights.
- ``to_symbol(layers, data=None, bias=True, prefix="layer")`` -> the equivalent
  ``mx.sym`` (layer ``i`` is named ``f"{prefix}{i}"``).
- ``solve_deconv(in_size, out_size, kernel)`` -> ``(stride, pad, adj)``.
- ``dcgan_layers(nz, ngf, nc, image_size)`` -> generator plan from ``(nz, 1, 1)``
  to ``(nc, image_size, image_size)``.
- ``discriminator_layers(ndf, nc, image_size)`` -> discriminator plan from
  ``(nc, image_size, image_size)`` down to one logit ``(1,)``.
"""
import math
import numbers
from collections import namedtuple

import mxnet as mx

CONV_FORMULA = "floor((size + 2*pad - dilate*(kernel-1) - 1)/stride) + 1"
DECONV_FORMULA = "(size-1)*stride - 2*pad + kernel + adj"
AXES = ("height", "width")


class Conv(namedtuple("Conv", "num_filter kernel stride pad dilate", defaults=(1, 0, 1))):
    """A convolution layer: ``mx.sym.Convolution(num_filter=, kernel=, stride=, pad=, dilate=)``."""
    __slots__ = ()


class Deconv(namedtuple("Deconv", "num_filter kernel stride pad adj", defaults=(1, 0, 0))):
    """A transposed convolution: ``mx.sym.Deconvolution(num_filter=, kernel=, stride=, pad=, adj=)``."""
    __slots__ = ()


class Flatten(namedtuple("Flatten", "")):
    """``mx.sym.Flatten``: (C, H, W) -> (C*H*W,)."""
    __slots__ = ()


class Dense(namedtuple("Dense", "num_hidden")):
    """A fully connected layer, ``mx.sym.FullyConnected(num_hidden=)``; it flattens its input."""
    __slots__ = ()


# ------------------------------------------------------------ one layer

LOWEST = {"pad": 0, "adj": 0}  # every other argument must be at least 1


def _is_pair(x):
    return isinstance(x, (tuple, list))


def _ints(**args):
    """The arguments as Python ints, after checking each is an integer (numpy's
    too) no lower than its LOWEST (1 by default)."""
    for name, value in args.items():
        if not isinstance(value, numbers.Integral):
            raise ValueError(f"{name} must be an integer, got {value!r}")
        low = LOWEST.get(name, 1)
        if value < low:
            raise ValueError(f"{name} must be >= {low}, got {value}")
    return [int(value) for value in args.values()]


def _per_axis(function, **args):
    """Apply a one-axis function to (h, w) pairs; ints broadcast to both axes."""
    for name, value in args.items():
        if _is_pair(value) and len(value) != 2:
            raise ValueError(f"{name} must be an int or an (h, w) pair, got {value!r}")
    out = []
    for axis, label in enumerate(AXES):
        try:
            out.append(function(**{name: value[axis] if _is_pair(value) else value
                                   for name, value in args.items()}))
        except ValueError as err:
            raise ValueError(f"{label}: {err}") from None
    return tuple(out)


def conv_out(size, kernel, stride=1, pad=0, dilate=1):
    """Output size of a convolution (MXNet floors the division)."""
    args = dict(size=size, kernel=kernel, stride=stride, pad=pad, dilate=dilate)
    if any(_is_pair(v) for v in args.values()):
        return _per_axis(conv_out, **args)
    size, kernel, stride, pad, dilate = _ints(**args)
    out = (size + 2 * pad - dilate * (kernel - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError(f"conv_out = {CONV_FORMULA} = floor(({size} + 2*{pad} - {dilate}*({kernel}-1) - 1)"
                         f"/{stride}) + 1 = {out}: not a positive size, the dilated kernel is wider than "
                         f"the padded input")
    return out


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    """Output size of a transposed convolution (MXNet's Deconvolution)."""
    args = dict(size=size, kernel=kernel, stride=stride, pad=pad, adj=adj)
    if any(_is_pair(v) for v in args.values()):
        return _per_axis(deconv_out, **args)
    size, kernel, stride, pad, adj = _ints(**args)
    if adj >= stride:
        raise ValueError(f"adj must be smaller than stride (MXNet's rule), got adj={adj} with stride={stride}")
    out = (size - 1) * stride - 2 * pad + kernel + adj
    if out < 1:
        raise ValueError(f"deconv_out = {DECONV_FORMULA} = ({size}-1)*{stride} - 2*{pad} + {kernel} + {adj}"
                         f" = {out}: not a positive size, the padding crops away the whole output")
    return out


# ------------------------------------------------------------ a stack

def _layer_out(shape, layer):
    if isinstance(layer, (Conv, Deconv)):
        if len(shape) != 3:
            raise ValueError(f"a {type(layer).__name__} needs a (channels, height, width) input, got {shape}")
        if isinstance(layer, Conv):
            hw = conv_out(shape[1:], layer.kernel, layer.stride, layer.pad, layer.dilate)
        else:
            hw = deconv_out(shape[1:], layer.kernel, layer.stride, layer.pad, layer.adj)
        return tuple(_ints(num_filter=layer.num_filter)) + hw
    if isinstance(layer, Flatten):
        return (math.prod(shape),)
    if isinstance(layer, Dense):
        return tuple(_ints(num_hidden=layer.num_hidden))
    raise ValueError(f"unknown layer spec {layer!r}: use Conv, Deconv, Flatten or Dense")


def trace_shapes(input_shape, layers):
    """The output shape of every layer, in order (one tuple per layer)."""
    shape = tuple(_ints(**{f"input_shape[{axis}]": d for axis, d in enumerate(input_shape)}))
    shapes = []
    for index, layer in enumerate(layers):
        try:
            shape = _layer_out(shape, layer)
        except ValueError as err:
            raise ValueError(f"layer {index} {layer!r} on input {shape}: {err}") from None
        shapes.append(shape)
    return shapes


def _layer_params(shape, layer, bias):
    if isinstance(layer, (Conv, Deconv)):
        kh, kw = layer.kernel if _is_pair(layer.kernel) else (layer.kernel, layer.kernel)
        return shape[0] * layer.num_filter * kh * kw + (layer.num_filter if bias else 0)
    if isinstance(layer, Dense):
        return math.prod(shape) * layer.num_hidden + (layer.num_hidden if bias else 0)
    return 0


def count_params(input_shape, layers, bias=True):
    """Number of trainable weights (and biases when ``bias``) of the stack."""
    shapes = [tuple(input_shape)] + trace_shapes(input_shape, layers)
    return sum(_layer_params(shape, layer, bias) for shape, layer in zip(shapes, layers))


def _pair(x):
    return tuple(x) if _is_pair(x) else (x, x)


def to_symbol(layers, data=None, bias=True, prefix="layer"):
    """The equivalent MXNet symbol: layer ``i`` is named ``f"{prefix}{i}"``
    (its output ``f"{prefix}{i}_output"``); ``data`` defaults to Variable('data')."""
    net = mx.sym.Variable("data") if data is None else data
    for index, layer in enumerate(layers):
        name = f"{prefix}{index}"
        if isinstance(layer, Conv):
            net = mx.sym.Convolution(net, name=name, num_filter=layer.num_filter, kernel=_pair(layer.kernel),
                                     stride=_pair(layer.stride), pad=_pair(layer.pad),
                                     dilate=_pair(layer.dilate), no_bias=not bias)
        elif isinstance(layer, Deconv):
            net = mx.sym.Deconvolution(net, name=name, num_filter=layer.num_filter, kernel=_pair(layer.kernel),
                                       stride=_pair(layer.stride), pad=_pair(layer.pad),
                                       adj=_pair(layer.adj), no_bias=not bias)
        elif isinstance(layer, Flatten):
            net = mx.sym.Flatten(net, name=name)
        elif isinstance(layer, Dense):
            net = mx.sym.FullyConnected(net, name=name, num_hidden=layer.num_hidden, no_bias=not bias)
        else:
            raise ValueError(f"unknown layer spec {layer!r}: use Conv, Deconv, Flatten or Dense")
    return net


# ------------------------------------------------------------ planning

def solve_deconv(in_size, out_size, kernel):
    """``(stride, pad, adj)`` with ``deconv_out(in_size, kernel, stride, pad, adj) == out_size``.

    Searched within ``1 <= stride <= kernel`` (no output pixel left untouched),
    ``0 <= pad < kernel`` and ``0 <= adj < stride``; the smallest stride wins,
    then the smallest pad. ValueError when no such triple exists.
    """
    in_size, out_size, kernel = _ints(in_size=in_size, out_size=out_size, kernel=kernel)
    for stride in range(1, kernel + 1):
        needed = (in_size - 1) * stride + kernel - out_size  # = 2*pad - adj
        pad = max(0, (needed + 1) // 2)
        adj = 2 * pad - needed
        if pad < kernel and 0 <= adj < stride:
            return stride, pad, adj
    raise ValueError(f"no deconvolution takes {in_size} to {out_size} with kernel {kernel}: {DECONV_FORMULA} = "
                     f"({in_size}-1)*stride - 2*pad + {kernel} + adj cannot equal {out_size} "
                     f"with 1 <= stride <= {kernel}, 0 <= pad < {kernel}, 0 <= adj < stride")


def _stages(image_size):
    """(base, k): image_size = base * 2**k with k as large as possible, base >= 4."""
    (image_size,) = _ints(image_size=image_size)
    base, stages = image_size, 0
    while base % 2 == 0 and base // 2 >= 4:
        base, stages = base // 2, stages + 1
    if stages == 0:
        raise ValueError(f"image_size {image_size} is not base * 2**k with base >= 4 and k >= 1 "
                         f"(e.g. 28 = 7*2**2, 32 = 4*2**3, 64 = 4*2**4)")
    return base, stages


def dcgan_layers(nz, ngf, nc, image_size):
    """Generator plan: (nz, 1, 1) -> (ngf*2**(k-1), base, base) -> ... -> (nc, image_size, image_size).

    The first Deconv (kernel ``base``, stride 1) grows 1x1 to base x base;
    each of the k stages doubles the size with kernel 4, stride 2, pad 1 and
    halves the channels; the last stage outputs ``nc`` channels.
    """
    nz, ngf, nc = _ints(nz=nz, ngf=ngf, nc=nc)
    base, stages = _stages(image_size)
    layers = [Deconv(ngf * 2 ** (stages - 1), kernel=base)]
    for stage in range(stages):
        width = nc if stage == stages - 1 else ngf * 2 ** (stages - 2 - stage)
        layers.append(Deconv(width, kernel=4, stride=2, pad=1))
    return layers


def discriminator_layers(ndf, nc, image_size):
    """Discriminator plan: (nc, image_size, image_size) -> ... -> one logit (1,).

    k convolutions with kernel 4, stride 2, pad 1 halve the size down to
    ``base`` while the channels double from ``ndf``; a Conv with kernel
    ``base`` reduces base x base to 1x1 and Flatten gives shape (1,).
    """
    ndf, nc = _ints(ndf=ndf, nc=nc)
    base, stages = _stages(image_size)
    layers = [Conv(ndf * 2 ** stage, kernel=4, stride=2, pad=1) for stage in range(stages)]
    return layers + [Conv(1, kernel=base), Flatten()]
