"""Integers are checked with isinstance(x, int): np.int64 sizes are refused as "not an integer"."""

import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403
from tests.mutants import rewire


def _ints(**args):
    for name, value in args.items():
        if not isinstance(value, int):
            raise ValueError(f"{name} must be an int, got {type(value).__name__}")
    return ref._ints(**args)


conv_out = rewire(ref.conv_out, globals())
deconv_out = rewire(ref.deconv_out, globals())
