"""One train_step of the unrolled three-character RNN (Gluon, imperative)."""
import pytest

from common.bench import core


@pytest.mark.parametrize("size", core.SIZES)
def bench_unrolled_rnn(bench_run, size):
    bench_run("unrolled_rnn", size)
