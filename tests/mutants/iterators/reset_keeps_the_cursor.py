"""reset() draws a new order but leaves the cursor at the end: every epoch after the first is empty."""
import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403
from tests.mutants.iterators._helpers import iterators_on


class _BatchIter(ref._BatchIter):
    def reset(self):
        cursor = getattr(self, "_cursor", 0)
        super().reset()
        self._cursor = cursor


image_iter, ConditionalIter = iterators_on(_BatchIter)
