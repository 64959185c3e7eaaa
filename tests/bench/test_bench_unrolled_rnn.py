"""One train_step of the unrolled three-character RNN (Gluon, imperative)."""
import pytest

from common import bench


@pytest.mark.parametrize("size", bench.SIZES)
def test_bench_unrolled_rnn(bench_run, size):
    bench_run("unrolled_rnn", size)
