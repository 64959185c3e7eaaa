"""conv_out and deconv_out return an (h, w) pair as a list [h, w] instead of a tuple."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def conv_out(size, kernel, stride=1, pad=0, dilate=1):
    out = ref.conv_out(size, kernel, stride, pad, dilate)
    return list(out) if isinstance(out, tuple) else out


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    out = ref.deconv_out(size, kernel, stride, pad, adj)
    return list(out) if isinstance(out, tuple) else out
