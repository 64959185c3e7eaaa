"""Shared by the iterators mutants (not a mutant: its name starts with "_")."""
import numpy as np


def iterators_on(batch_iter):
    """The reference's image_iter and ConditionalIter, built on ``batch_iter``
    (a subclass of solutions.iterators._BatchIter with one mistake)."""

    def image_iter(images, batch_size, size=64, channels=3, shuffle=True, seed=0, last_batch="discard"):
        return batch_iter(images, None, batch_size, size, channels, shuffle, seed, last_batch)

    class ConditionalIter(batch_iter):
        def __init__(self, images, labels, batch_size, size=28, channels=1, shuffle=True,
                     seed=0, last_batch="discard"):
            super().__init__(images, np.asarray(labels), batch_size, size, channels, shuffle, seed, last_batch)
            self.provide_data = self.provide_data + [("digit", (int(batch_size), 10))]

    return image_iter, ConditionalIter
