"""batchify and get_batch check isinstance(x, int): numpy integers (np.int64) are refused."""
import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def batchify(idx, batch_size, ctx=None):
    if not isinstance(batch_size, int):
        raise ValueError(f"batch_size must be an int, got {type(batch_size).__name__}")
    return ref.batchify(idx, batch_size, ctx)


def get_batch(source, i, seq_len):
    if not isinstance(i, int) or not isinstance(seq_len, int):
        raise ValueError("i and seq_len must be ints")
    return ref.get_batch(source, i, seq_len)
