"""one_hot puts the 1 in column label - 1 (a 1-based habit from R)."""
import numpy as np

from solutions.iterators import *  # noqa: F401,F403


def one_hot(labels, depth=10):
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError("one_hot expects a 1-d integer array")
    if labels.size and (labels.min() < 0 or labels.max() >= depth):
        raise ValueError("labels out of range")
    out = np.zeros((labels.size, depth), dtype=np.float32)
    out[np.arange(labels.size), labels - 1] = 1.0
    return out
