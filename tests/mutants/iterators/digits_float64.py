"""ConditionalIter's one-hot digits are float64 NDArrays (np.eye's dtype)."""
import mxnet as mx
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


class ConditionalIter(ref.ConditionalIter):
    def next(self):
        batch = super().next()
        batch.data[1] = mx.nd.from_numpy(np.eye(10)[self.labels[self._order[(self._cursor - self.batch_size + np.arange(self.batch_size)) % len(self.labels)]]], zero_copy=True)
        return batch
