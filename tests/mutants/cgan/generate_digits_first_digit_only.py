"""generate_digits given a sequence draws its first digit n times."""
import numpy as np

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire


def _digits(digit, n):
    digits = ref._digits(digit, n)
    return np.full(n, digits[0])


generate_digits = rewire(ref.generate_digits, _digits=_digits)
