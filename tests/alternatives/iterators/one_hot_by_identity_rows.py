"""one_hot picks rows of an identity matrix instead of assigning ones into zeros."""
import numpy as np

from solutions.iterators import *  # noqa: F401,F403


def one_hot(labels, depth=10):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"one_hot expects a 1-d array of integers, got {labels.dtype} {labels.shape}")
    if labels.size and not (0 <= labels.min() and labels.max() < depth):
        raise ValueError(f"labels must lie in [0, {depth}), got {labels.min()} to {labels.max()}")
    return np.eye(depth, dtype=np.float32)[labels]
