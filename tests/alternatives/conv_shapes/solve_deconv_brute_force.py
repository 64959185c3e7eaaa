"""solve_deconv tries every (stride, pad, adj) in order instead of solving for pad."""
from solutions.conv_shapes import *  # noqa: F401,F403


def solve_deconv(in_size, out_size, kernel):
    for stride in range(1, kernel + 1):
        for pad in range(kernel):
            for adj in range(stride):
                if (in_size - 1) * stride - 2 * pad + kernel + adj == out_size:
                    return (stride, pad, adj)
    raise ValueError(f"(size-1)*stride - 2*pad + kernel + adj: nothing takes {in_size} to {out_size} "
                     f"with kernel {kernel}")
