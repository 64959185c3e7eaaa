"""Preprocessing a batch of MNIST digits to 3x64x64 in [-1, 1]: the kata's
vectorised preprocess_mnist against a per-image loop (OpenCV resize one
image at a time)."""
import pytest

from common.bench import core, workloads


@pytest.mark.parametrize("size", core.SIZES)
@pytest.mark.parametrize("variant", workloads.ITERATOR_VARIANTS)
def bench_iterators(bench_run, request, size, variant):
    if variant == "loop" and request.config.getoption("--impl") != "solutions":
        pytest.skip("the per-image loop is the project's, not the learner's: timed with --impl solutions")
    bench_run("iterators", size, variant)
