"""deconv_out ignores adj (and so never checks adj < stride)."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    return ref.deconv_out(size, kernel, stride, pad, 0)
