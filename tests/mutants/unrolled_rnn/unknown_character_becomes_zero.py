"""encode maps a character outside the vocabulary to index 0 (char_to_index.get(c, 0))."""
import numpy as np

from solutions.unrolled_rnn import *  # noqa: F401,F403


def encode(text, vocab):
    return np.array([vocab[1].get(c, 0) for c in text], dtype=np.int64)
