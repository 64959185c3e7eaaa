"""image_iter shuffles the caller's images in place (rng.shuffle(images)), reordering their data set."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403
from tests.mutants.iterators._helpers import iterators_on


class _BatchIter(ref._BatchIter):
    def reset(self):
        if self.shuffle:
            order = self._rng.permutation(len(self.images))
            self.images[:] = self.images[order]
            if self.labels is not None:
                self.labels[:] = self.labels[order]
        self._order, self._cursor = np.arange(len(self.images)), 0


image_iter, ConditionalIter = iterators_on(_BatchIter)
