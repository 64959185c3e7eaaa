"""RandIter announces its noise as 'data' instead of 'rand'."""
from solutions.iterators import *  # noqa: F401,F403
from solutions.iterators import RandIter as _RandIter


class RandIter(_RandIter):
    def __init__(self, batch_size, ndim, dist="normal"):
        super().__init__(batch_size, ndim, dist)
        self.provide_data = [("data", (batch_size, ndim, 1, 1))]
