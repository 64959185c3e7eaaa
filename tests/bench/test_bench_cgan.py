"""One conditional-GAN train_step with Symbol + executors on 28x28 digits."""
import pytest

from common import bench


@pytest.mark.parametrize("size", bench.SIZES)
def test_bench_cgan(bench_run, size):
    bench_run("cgan", size)
