"""image_iter ignores its seed: every iterator shuffles with RandomState(0)."""

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403
from tests.mutants.iterators._helpers import iterators_on


class _BatchIter(ref._BatchIter):
    def __init__(self, images, labels, batch_size, size, channels, shuffle, seed, last_batch):
        super().__init__(images, labels, batch_size, size, channels, shuffle, 0, last_batch)


image_iter, ConditionalIter = iterators_on(_BatchIter)
