"""Kata 2: conv_shapes -- the arithmetic of (de)convolution stacks.

Most DCGAN bugs are shape bugs. MXNet's DCGAN tutorial builds a 64x64
generator: noise (100, 1, 1) -> 4x4 -> 8x8 -> 16x16 -> 32x32 -> 64x64, and a
discriminator that halves 64x64 back down to 1x1. Feed that stack 28x28
MNIST and it breaks three layers later with a terse MXNet error. Here you
compute every shape yourself, then plan stacks for any image size.

Layer specs (given, complete: do not change them). ``kernel``, ``stride``,
``pad``, ``dilate`` and ``adj`` are an int or an ``(h, w)`` pair::

    Conv(num_filter, kernel, stride=1, pad=0, dilate=1)   # mx.sym.Convolution
    Deconv(num_filter, kernel, stride=1, pad=0, adj=0)    # mx.sym.Deconvolution
    Flatten()                                             # mx.sym.Flatten
    Dense(num_hidden)                                     # mx.sym.FullyConnected

Shapes are per example, without the batch axis: ``(channels, height, width)``
for images, ``(features,)`` after a Flatten or a Dense.

The two formulas (MXNet's, per axis)::

    convolution:   out = floor((size + 2*pad - dilate*(kernel-1) - 1) / stride) + 1
    deconvolution: out = (size-1)*stride - 2*pad + kernel + adj      (adj < stride)

Every size and hyper-parameter may be a Python int or a numpy integer
(``np.int64``); the functions return Python ints (or tuples of them).

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=conv_shapes``.
Stuck? ``common/hints/conv_shapes.md`` has three levels of hints.
"""
import math
import numbers
from collections import namedtuple

import mxnet as mx


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


def conv_out(size, kernel, stride=1, pad=0, dilate=1):
    """Output size of a convolution along one axis, or along both.

    ``conv_out(64, 4, stride=2, pad=1)`` is 32; ``conv_out(8, 3, stride=2)``
    is 3 (MXNet floors: the last, incomplete window is dropped).

    Every argument is an int, or an ``(h, w)`` pair (a tuple or list of two
    ints): when any one is a pair the ints apply to both axes and the result
    is an ``(h, w)`` tuple; otherwise it is an int.

    Raise ValueError when an argument is neither an integer nor a pair of
    integers (a size of 7.5 comes from a bad division; a 3-tuple is not a
    pair), out of range (kernel, stride, dilate >= 1, pad >= 0, size >= 1),
    or the result is not positive (the dilated kernel,
    ``dilate*(kernel-1) + 1`` wide, does not fit in the padded input). That
    last message shows the formula with the numbers plugged in and its
    result, e.g. ``floor((3 + 2*0 - 1*(5-1) - 1)/1) + 1 = -1``.
    """
    raise NotImplementedError("conv_out")


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    """Output size of a transposed convolution (MXNet's Deconvolution).

    ``deconv_out(1, 4)`` is 4 (noise 1x1 -> 4x4); ``deconv_out(4, 4, 2, 1)``
    is 8: stride 2 with kernel 4 and pad 1 doubles the size. ``pad`` crops
    the output on both sides; ``adj`` adds rows at the end (it picks one of
    the ``stride`` input sizes a strided convolution maps to the same size).

    Ints or ``(h, w)`` pairs, as in ``conv_out``. Raise ValueError for a
    non-integer or out-of-range argument (size, kernel, stride >= 1; pad,
    adj >= 0), for ``adj >= stride`` (MXNet refuses it), and for a
    non-positive result, with the formula, the numbers and the result in the
    message, e.g. ``(1-1)*1 - 2*1 + 2 + 0 = 0``.
    """
    raise NotImplementedError("deconv_out")


def trace_shapes(input_shape, layers):
    """The output shape of every layer of a stack, in order.

    ``trace_shapes((100, 1, 1), [Deconv(512, 4), Deconv(256, 4, 2, 1)])``
    is ``[(512, 4, 4), (256, 8, 8)]``: a list with one tuple of ints per
    layer.

    - Conv / Deconv need a ``(C, H, W)`` input and give
      ``(num_filter, out_h, out_w)``.
    - Flatten gives ``(C*H*W,)``; Dense gives ``(num_hidden,)`` whatever
      its input (FullyConnected flattens first).
    - Anything else (a non-positive size, an unknown spec, a Conv after a
      Flatten) raises ValueError whose message starts with the layer's
      index, its spec and its input shape, e.g.
      ``layer 4 Conv(num_filter=1, kernel=4, ...) on input (1024, 1, 1): height: ...``
      followed by the formula with the numbers (conv_out's or deconv_out's
      message).
    """
    raise NotImplementedError("trace_shapes")


def count_params(input_shape, layers, bias=True):
    """Number of trainable parameters (an int) of a stack fed ``input_shape``.

    - Conv and Deconv: ``in_channels * num_filter * kernel_h * kernel_w``
      weights, plus ``num_filter`` biases when ``bias``.
    - Dense: ``in_features * num_hidden`` weights (``in_features`` is
      C*H*W for an image input), plus ``num_hidden`` biases when ``bias``.
    - Flatten: none.

    MXNet's 64x64 tutorial generator (1024, 512, 256, 128, 3 filters from
    ``(100, 1, 1)``, no bias) has 12,654,592 weights.
    """
    raise NotImplementedError("count_params")


def to_symbol(layers, data=None, bias=True, prefix="layer"):
    """The equivalent MXNet network, to check your shapes with ``infer_shape``.

    Chain one ``mx.sym.Convolution`` / ``Deconvolution`` / ``Flatten`` /
    ``FullyConnected`` per spec, with every hyper-parameter of the spec,
    starting from ``data`` (default ``mx.sym.Variable("data")``). Name layer
    ``i`` (Flatten too) ``f"{prefix}{i}"``, so its output is
    ``f"{prefix}{i}_output"`` and its weight ``f"{prefix}{i}_weight"``. Every
    layer with weights has a bias (``f"{prefix}{i}_bias"``) exactly when
    ``bias`` is True.

    ``net.infer_shape(data=(batch,) + input_shape)`` then returns
    ``(arg_shapes, out_shapes, aux_shapes)``.
    """
    raise NotImplementedError("to_symbol")


def solve_deconv(in_size, out_size, kernel):
    """Find ``(stride, pad, adj)`` with ``deconv_out(in_size, kernel, stride, pad, adj) == out_size``.

    Search ``1 <= stride <= kernel`` (a larger stride leaves output pixels
    no input touches), ``0 <= pad < kernel`` and ``0 <= adj < stride``.
    Return the smallest stride that works, with its smallest pad, as a
    tuple of three ints: ``solve_deconv(7, 14, 4)`` is ``(2, 1, 0)`` and
    ``solve_deconv(1, 7, 7)`` is ``(1, 0, 0)``. Raise ValueError, with the
    formula and ``in_size``, ``out_size`` and ``kernel`` in the message, when
    nothing in that range reaches ``out_size``.
    """
    raise NotImplementedError("solve_deconv")


def dcgan_layers(nz, ngf, nc, image_size):
    """A DCGAN generator plan: a list of Deconv specs taking ``(nz, 1, 1)``
    noise to ``(nc, image_size, image_size)``.

    Write ``image_size = base * 2**k`` with k as large as possible while
    ``base >= 4`` (64 = 4 * 2**4, 32 = 4 * 2**3, 28 = 7 * 2**2). Then:

    - one Deconv with kernel ``base`` (stride 1, pad 0): 1x1 -> base x base,
      with ``ngf * 2**(k-1)`` filters;
    - k Deconvs with kernel 4, stride 2, pad 1, each doubling the size and
      halving the filters, the last one with ``nc`` filters.

    64 gives 1 -> 4 -> 8 -> 16 -> 32 -> 64 with ngf*8, ngf*4, ngf*2, ngf, nc
    filters (MXNet's DCGAN tutorial); 28 gives 1 -> 7 -> 14 -> 28 with
    ngf*2, ngf, nc (the R CGAN); 24 = 6 * 2**2 gives 1 -> 6 -> 12 -> 24.
    Every spec is exactly that: the first a ``Deconv(ngf * 2**(k-1), base)``
    (stride 1, pad 0, adj 0), the others ``Deconv(filters, 4, 2, 1)`` (adj 0):
    the same shapes from other kernels would be another network. A size with
    k = 0 (odd, or below 8), or an nz, ngf or nc below 1, raises ValueError.
    """
    raise NotImplementedError("dcgan_layers")


def discriminator_layers(ndf, nc, image_size):
    """A DCGAN discriminator plan: ``(nc, image_size, image_size)`` down to one logit ``(1,)``.

    With ``image_size = base * 2**k`` as in ``dcgan_layers``: k
    ``Conv(filters, 4, 2, 1)`` (dilate 1) halve the size while the filters
    double from ``ndf`` (ndf, ndf*2, ...); a ``Conv(1, base)`` (stride 1,
    pad 0, dilate 1) takes base x base to 1x1; a ``Flatten()`` gives
    ``(1,)``. A size with k = 0, or an ndf or nc below 1, raises ValueError.
    """
    raise NotImplementedError("discriminator_layers")
