"""three_char_windows with the tutorial's list comprehensions, one per position, stacked into arrays."""
import numpy as np

import solutions.unrolled_rnn as ref
from solutions.unrolled_rnn import *  # noqa: F401,F403


def three_char_windows(idx, stride=ref.WINDOW):
    if np.ndim(idx) != 1 or stride < 1:
        raise ValueError(f"need a 1-d idx and a positive stride, got ndim {np.ndim(idx)} and stride {stride}")
    idx = list(idx)
    cs = 3
    c1_dat = [idx[i] for i in range(0, len(idx) - cs, stride)]
    c2_dat = [idx[i + 1] for i in range(0, len(idx) - cs, stride)]
    c3_dat = [idx[i + 2] for i in range(0, len(idx) - cs, stride)]
    c4_dat = [idx[i + 3] for i in range(0, len(idx) - cs, stride)]
    inputs = np.array([c1_dat, c2_dat, c3_dat], dtype=np.int64).T.reshape(-1, 3)
    return inputs, np.array(c4_dat, dtype=np.int64)
