"""deconv_out forgets the - 2*pad: (size-1)*stride + kernel + adj."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    return ref.deconv_out(size, kernel, stride, 0, adj)
