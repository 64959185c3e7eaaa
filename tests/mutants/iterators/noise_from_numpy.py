"""RandIter draws its noise with numpy (mx.random.seed does not make a run reproducible)."""
import mxnet as mx
import numpy as np

from solutions.iterators import *  # noqa: F401,F403
from solutions.iterators import RandIter as _RandIter


class RandIter(_RandIter):
    def getdata(self):
        shape = self.provide_data[0][1]
        if self.dist == "uniform":
            return [mx.nd.array(np.random.uniform(-1, 1, size=shape))]
        return [mx.nd.array(np.random.normal(0, 1, size=shape))]
