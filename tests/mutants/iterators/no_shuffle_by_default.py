"""image_iter and ConditionalIter default to shuffle=False."""
import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def image_iter(images, batch_size, size=64, channels=3, shuffle=False, seed=0, last_batch="discard"):
    return ref.image_iter(images, batch_size, size, channels, shuffle, seed, last_batch)


class ConditionalIter(ref.ConditionalIter):
    def __init__(self, images, labels, batch_size, size=28, channels=1, shuffle=False,
                 seed=0, last_batch="discard"):
        super().__init__(images, labels, batch_size, size, channels, shuffle, seed, last_batch)
