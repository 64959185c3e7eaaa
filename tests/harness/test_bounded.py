"""take(it, limit, what): a test's list(it) that cannot spin forever."""
import itertools

import pytest

from common.harness.bounded import take


def test_take_returns_every_item_of_an_iterator_that_stops():
    assert take(iter(range(5)), limit=5, what="batches") == [0, 1, 2, 3, 4]


def test_take_names_the_limit_of_an_iterator_that_does_not():
    with pytest.raises(AssertionError, match="your iterator did not stop after 100 batches: does next"):
        take(itertools.count(), limit=100, what="batches")
