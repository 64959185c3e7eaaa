"""RandIter and image_iter check isinstance(batch_size, int): numpy integers (np.int64) are refused."""

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def _check(**sizes):
    for name, value in sizes.items():
        if not isinstance(value, int):
            raise ValueError(f"{name} must be an int, got {type(value).__name__}")


class RandIter(ref.RandIter):
    def __init__(self, batch_size, ndim, dist="normal"):
        _check(batch_size=batch_size, ndim=ndim)
        super().__init__(batch_size, ndim, dist)


def image_iter(images, batch_size, size=64, channels=3, shuffle=True, seed=0, last_batch="discard"):
    _check(batch_size=batch_size, size=size, channels=channels)
    return ref.image_iter(images, batch_size, size, channels, shuffle, seed, last_batch)
