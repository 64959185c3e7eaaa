"""image_iter caches every batch it preprocesses "to reuse it next epoch": memory grows over the epoch."""
import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403
from tests.mutants.iterators._helpers import iterators_on


class _BatchIter(ref._BatchIter):
    def next(self):
        batch = super().next()
        if not hasattr(self, "_cache"):
            self._cache = []
        self._cache.append(batch.data[0].asnumpy())
        return batch


image_iter, ConditionalIter = iterators_on(_BatchIter)
