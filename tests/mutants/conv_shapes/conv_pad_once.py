"""conv_out adds the padding once (size + pad) instead of on both sides (size + 2*pad)."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def conv_out(size, kernel, stride=1, pad=0, dilate=1):
    if any(isinstance(v, (tuple, list)) for v in (size, kernel, stride, pad, dilate)):
        return ref._per_axis(conv_out, size=size, kernel=kernel, stride=stride, pad=pad, dilate=dilate)
    return (size + pad - dilate * (kernel - 1) - 1) // stride + 1
