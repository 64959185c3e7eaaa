"""encode stores the indices as uint8 ("characters fit in a byte"): a vocabulary beyond 256 wraps round."""
import numpy as np

import solutions.unrolled_rnn as ref
from solutions.unrolled_rnn import *  # noqa: F401,F403


def encode(text, vocab):
    return ref.encode(text, vocab).astype(np.uint8)
