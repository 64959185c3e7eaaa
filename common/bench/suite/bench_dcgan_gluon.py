"""One DCGAN train_step with Gluon + autograd, three ways: imperative,
hybridize(), and hybridize(static_alloc=True, static_shape=True). With the
dcgan_module benchmark at the same size this is the comparison of MXNet's
execution modes on the same step.

On a CPU only the static variant is timed here (the tutorial size is about
0.7 TFLOP a step): `python -m common.bench` compares the modes at the small
size with the steps interleaved, which a shared machine's noise cannot skew."""
import pytest

from common.bench import core, workloads


@pytest.mark.parametrize("size", core.SIZES)
@pytest.mark.parametrize("variant", workloads.GLUON_VARIANTS)
def bench_dcgan_gluon(bench_run, bench_ctx, size, variant):
    ctx, _ = bench_ctx
    if variant != "static" and ctx.device_type == "cpu":
        pytest.skip("on a CPU the execution modes are compared interleaved by python -m common.bench")
    bench_run("dcgan_gluon", size, variant)
