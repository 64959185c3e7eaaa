"""char_vocab with a list of characters; encode by binary search in the sorted characters (np.searchsorted)."""
import numpy as np

from solutions.unrolled_rnn import *  # noqa: F401,F403


def char_vocab(text):
    chars = sorted(set(text))
    return chars, dict(zip(chars, range(len(chars)))), dict(enumerate(chars))


def encode(text, vocab):
    chars = np.array(list(vocab[0]))
    letters = np.array(list(text), dtype=chars.dtype) if text else np.array([], dtype=chars.dtype)
    where = np.searchsorted(chars, letters)
    bad = [c for c, k in zip(text, where) if k >= len(chars) or chars[k] != c]
    if bad:
        raise ValueError(f"not in the vocabulary: {sorted(set(bad))}")
    return where.astype(np.int64)
