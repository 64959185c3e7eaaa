"""image_iter seeds numpy's global generator once and shuffles every epoch with np.random.permutation."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403
from tests.mutants.iterators._helpers import iterators_on


class _BatchIter(ref._BatchIter):
    def __init__(self, images, labels, batch_size, size, channels, shuffle, seed, last_batch):
        np.random.seed(seed)
        super().__init__(images, labels, batch_size, size, channels, shuffle, seed, last_batch)

    def reset(self):
        n = len(self.images)
        self._order = np.random.permutation(n) if self.shuffle else np.arange(n)
        self._cursor = 0


image_iter, ConditionalIter = iterators_on(_BatchIter)
