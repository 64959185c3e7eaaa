"""three_char_windows never checks stride: 0 divides by zero in np.arange, a negative one gives no windows."""
import numpy as np

import solutions.unrolled_rnn as ref
from solutions.unrolled_rnn import *  # noqa: F401,F403


def three_char_windows(idx, stride=ref.WINDOW):
    idx = np.asarray(idx)
    starts = np.arange(0, len(idx) - 3, stride)
    return idx[starts[:, None] + np.arange(3)].reshape(len(starts), 3), idx[starts + 3]
