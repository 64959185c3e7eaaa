"""image_iter shuffles the order of whole batches: every batch holds the same consecutive images."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403
from tests.mutants.iterators._helpers import iterators_on


class _BatchIter(ref._BatchIter):
    def reset(self):
        n, b = len(self.images), self.batch_size
        blocks = np.arange(-(-n // b))
        if self.shuffle:
            blocks = self._rng.permutation(blocks)
        order = np.concatenate([np.arange(k * b, min(n, (k + 1) * b)) for k in blocks])
        self._order, self._cursor = order, 0


image_iter, ConditionalIter = iterators_on(_BatchIter)
