"""deconv_out says "stride 2 doubles": size*stride, whatever the kernel and pad."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    ref.deconv_out(size, kernel, stride, pad, adj)  # same checks and errors
    if isinstance(size, (tuple, list)):
        return tuple(s * (stride[i] if isinstance(stride, (tuple, list)) else stride) for i, s in enumerate(size))
    return size * stride
