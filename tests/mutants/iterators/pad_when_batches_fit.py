"""last_batch="pad" adds a batch of nothing but fillers when batch_size divides the number of images."""
import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403
from tests.mutants.iterators._helpers import iterators_on


class _BatchIter(ref._BatchIter):
    def next(self):
        n = len(self.images)
        if self.last_batch == "pad" and self._cursor == n:
            self._cursor = n - 1  # "one more batch while the cursor has not passed the end"
            batch = super().next()
            batch.pad = self.batch_size
            return batch
        return super().next()


image_iter, ConditionalIter = iterators_on(_BatchIter)
