"""RandIter as the MXNet DCGAN tutorial writes it (no super().__init__, mx.random.normal), plus dist and checks."""
import mxnet as mx

from solutions.iterators import *  # noqa: F401,F403


class RandIter(mx.io.DataIter):
    def __init__(self, batch_size, ndim, dist="normal"):
        if batch_size < 1 or ndim < 1 or dist not in ("normal", "uniform"):
            raise ValueError(f"bad RandIter({batch_size}, {ndim}, dist={dist!r})")
        self.batch_size = batch_size
        self.ndim = ndim
        self.dist = dist
        self.provide_data = [('rand', (batch_size, ndim, 1, 1))]
        self.provide_label = []

    def reset(self):
        pass

    def iter_next(self):
        return True

    def getdata(self):
        # Returns random numbers from a gaussian (normal) distribution
        # with mean=0 and standard deviation = 1
        if self.dist == "uniform":
            return [mx.random.uniform(-1.0, 1.0, shape=(self.batch_size, self.ndim, 1, 1))]
        return [mx.random.normal(0, 1.0, shape=(self.batch_size, self.ndim, 1, 1))]
