"""ConditionalIter's fillers get the digits of images[0], images[1]... while their images come from the shuffled order."""
import mxnet as mx
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


class ConditionalIter(ref.ConditionalIter):
    def next(self):
        n, start = len(self.images), self._cursor
        batch = super().next()
        if batch.pad:
            rows = np.concatenate([self._order[start:n], np.arange(batch.pad)])
            batch.data[1] = mx.nd.from_numpy(one_hot(self.labels[rows]), zero_copy=True)
        return batch
