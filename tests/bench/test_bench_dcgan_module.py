"""One DCGAN train_step with Symbol + Module: D on fake and real (gradients
summed), then G from D's input gradient. Tutorial size 64x64x3, ngf=ndf=128,
batch 64 (about 0.6 TFLOP a step)."""
import pytest

from common import bench


@pytest.mark.parametrize("size", bench.SIZES)
def test_bench_dcgan_module(bench_run, size):
    bench_run("dcgan_module", size)
