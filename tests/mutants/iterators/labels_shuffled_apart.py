"""ConditionalIter shuffles the images but hands out the labels in their original order."""
import mxnet as mx
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


class ConditionalIter(ref.ConditionalIter):
    def next(self):
        start = self._cursor
        batch = super().next()
        rows = np.arange(start, start + self.batch_size) % len(self.labels)
        batch.data[1] = mx.nd.array(ref.one_hot(self.labels[rows]))
        return batch
