"""A 3-tuple passes as an (h, w) pair: the extra number is silently ignored."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def _first_two(args):
    return {name: tuple(v)[:2] if isinstance(v, (tuple, list)) else v for name, v in args.items()}


def conv_out(size, kernel, stride=1, pad=0, dilate=1):
    return ref.conv_out(**_first_two(dict(size=size, kernel=kernel, stride=stride, pad=pad, dilate=dilate)))


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    return ref.deconv_out(**_first_two(dict(size=size, kernel=kernel, stride=stride, pad=pad, adj=adj)))
