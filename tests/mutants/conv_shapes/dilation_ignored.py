"""conv_out ignores dilate: the kernel is taken as kernel wide, not dilate*(kernel-1) + 1."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def conv_out(size, kernel, stride=1, pad=0, dilate=1):
    return ref.conv_out(size, kernel, stride, pad, 1)
