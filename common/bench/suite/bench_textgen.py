"""One BPTT chunk (train_epoch over seq_len + 1 rows) of the Gluon LSTM text model:
tutorial size 2 layers x 512 hidden, seq 35, batch 32."""
import pytest

from common.bench import core


@pytest.mark.parametrize("size", core.SIZES)
def bench_textgen(bench_run, size):
    bench_run("textgen", size)
