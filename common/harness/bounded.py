"""Bounded iteration for kata tests: ``take(it, limit, what)``.

``list(it)`` on a learner's iterator that never raises StopIteration spins
until the time or memory limit stops it (limits.py). A test that knows how
many items an epoch can hold says so instead, and gets a message at once::

    from common.harness.bounded import take

    batches = take(it, limit=100, what="batches")
    # AssertionError: your iterator did not stop after 100 batches: does next()
    # raise StopIteration at the end of the epoch?
"""
from itertools import islice


def take(iterable, limit, what="items"):
    """Every item of ``iterable`` as a list; AssertionError if there are more than ``limit``."""
    items = list(islice(iter(iterable), limit + 1))
    if len(items) > limit:
        raise AssertionError(f"your iterator did not stop after {limit} {what}: does next() raise "
                             "StopIteration at the end of the epoch?")
    return items
