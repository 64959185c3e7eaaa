"""one_hot compares every label with every column (a broadcast ==) instead of indexing."""
import numpy as np

from solutions.iterators import *  # noqa: F401,F403


def one_hot(labels, depth=10):
    labels = np.array(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"one_hot expects a 1-d array of integers, got {labels.dtype} {labels.shape}")
    if ((labels < 0) | (labels >= depth)).any():
        raise ValueError(f"labels must lie in [0, {depth}), got {labels}")
    return (labels[:, None] == np.arange(depth)).astype(np.float32)
