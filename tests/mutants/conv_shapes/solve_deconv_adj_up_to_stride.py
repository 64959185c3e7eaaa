"""solve_deconv allows adj == stride (MXNet wants adj < stride), e.g. (1, 0, 1) for 4 -> 8 with kernel 4."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def solve_deconv(in_size, out_size, kernel):
    for stride in range(1, kernel + 1):
        needed = (in_size - 1) * stride + kernel - out_size
        pad = max(0, (needed + 1) // 2)
        adj = 2 * pad - needed
        if pad < kernel and 0 <= adj <= stride:
            return stride, pad, adj
    return ref.solve_deconv(in_size, out_size, kernel)
