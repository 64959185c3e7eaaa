"""One conditional-GAN train_step with Symbol + executors on 28x28 digits."""
import pytest

from common.bench import core


@pytest.mark.parametrize("size", core.SIZES)
def bench_cgan(bench_run, size):
    bench_run("cgan", size)
