"""One BPTT chunk (train_epoch over seq_len + 1 rows) of the Gluon LSTM text model:
tutorial size 2 layers x 512 hidden, seq 35, batch 32."""
import pytest

from common import bench


@pytest.mark.parametrize("size", bench.SIZES)
def test_bench_textgen(bench_run, size):
    bench_run("textgen", size)
