"""One DCGAN train_step with Symbol + Module: D on fake and real (gradients
summed), then G from D's input gradient. Tutorial size 64x64x3, ngf=ndf=128,
batch 64 (about 0.6 TFLOP a step).

Variant 'gemm' (tutorial size, the reference, CPU only): the same
train_step on modules whose layers with a small side of at most 8x8 run as
one matrix product each (common/bench_layers.py shows why: oneDNN's direct
kernels are slow there)."""
import pytest

from common.bench import core, workloads


@pytest.mark.parametrize("size", core.SIZES)
@pytest.mark.parametrize("variant", workloads.MODULE_VARIANTS)
def bench_dcgan_module(bench_run, bench_ctx, request, size, variant):
    if variant == "gemm" and size != "tutorial":
        pytest.skip("the GEMM rule was measured at the tutorial size; at the small size it loses")
    if variant == "gemm" and bench_ctx[0].device_type != "cpu":
        pytest.skip("the GEMM rule was measured on a CPU; on a GPU cuDNN picks its own algorithms")
    if variant == "gemm" and request.config.getoption("--impl") != "solutions":
        pytest.skip("the GEMM variant is a lesson on the reference, not part of your check")
    bench_run("dcgan_module", size, variant)
