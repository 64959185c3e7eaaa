"""get_batch accepts a negative i: Python slicing quietly reads rows from the end."""
import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def get_batch(source, i, seq_len):
    if i < 0:
        seq = min(seq_len, -i - 1) or 1
        data = source[source.shape[0] + i: source.shape[0] + i + seq]
        return data, source[source.shape[0] + i + 1: source.shape[0] + i + 1 + seq].reshape((-1,))
    return ref.get_batch(source, i, seq_len)
