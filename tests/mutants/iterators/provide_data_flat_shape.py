"""RandIter yields (batch_size, ndim) noise, forgetting the 1x1 spatial axes a deconvolution needs."""
import mxnet as mx

from solutions.iterators import *  # noqa: F401,F403
from solutions.iterators import RandIter as _RandIter


class RandIter(_RandIter):
    def __init__(self, batch_size, ndim, dist="normal"):
        super().__init__(batch_size, ndim, dist)
        self.provide_data = [("rand", (batch_size, ndim))]

    def getdata(self):
        return [mx.nd.random.normal(0, 1, shape=(self.batch_size, self.ndim))]
