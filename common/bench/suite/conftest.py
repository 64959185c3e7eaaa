"""Fixtures of the throughput benchmarks (``make bench``).

The benchmark modules are named bench_<kata>.py and live here, outside
tests/: ``make test`` and ``make check`` never collect them, and
``python -m common.bench`` names them explicitly. The kata harness's
``kata`` / ``reference`` fixtures do not apply: ``bench_run`` loads the
implementation under test (``--impl``) and the reference itself.
"""
import os

import pytest

from common.bench import core, workloads
from common.harness import loader


def selected_sizes():
    """The sizes to run, from BENCH_SIZES (comma-separated; default: all)."""
    return [s for s in os.environ.get("BENCH_SIZES", ",".join(core.SIZES)).split(",") if s]


@pytest.fixture(scope="session")
def bench_ctx():
    """(ctx, device description): the GPU when MXNet can run on it, else the CPU."""
    ctx, note = core.select_context()
    return ctx, core.describe_device(ctx)


@pytest.fixture
def bench_run(benchmark, bench_ctx, request):
    """bench_run(kata, size, variant=''): time one step of ``kata`` under
    --impl with pytest-benchmark; under anything but the reference, also
    time the reference step alternately and fail when ours is more than
    core.LIMIT times slower."""
    ctx, device = bench_ctx
    impl = request.config.getoption("--impl")

    def run(kata, size, variant=""):
        if size not in selected_sizes():
            pytest.skip(f"size {size!r} not selected (BENCH_SIZES={os.environ.get('BENCH_SIZES')})")
        if not workloads.reference_exists(kata):
            pytest.skip(f"the reference solutions/{kata}.py does not exist yet")
        if impl != "solutions" and not loader.module_path(impl, kata).is_file():
            pytest.skip(f"{loader.module_path(impl, kata)} does not exist: {kata} not attempted")
        try:
            work = workloads.build_workload(kata, loader.load(impl, kata), size, ctx, variant)
            work.step()  # a pending kata raises here, before anything is timed
        except NotImplementedError as error:
            pytest.skip(f"{kata} is pending ({error})")
        benchmark.extra_info.update(work.extra_info(device))
        # a shared host's speed drifts: hold the step against matrix products
        # run for as long as one (warm) step, just before and just after it
        (seconds,) = core.time_step(work.step, 1, warmup=0)
        window = max(0.5, seconds)
        before = core.sustained_ceiling(ctx, window) if work.flops else None
        benchmark.pedantic(work.step, rounds=work.rounds, warmup_rounds=max(0, work.warmup - 1),
                           iterations=1)
        if work.flops:
            benchmark.extra_info["ceiling"] = max(before, core.sustained_ceiling(ctx, window))
        if work.flops:  # an MXNet step: how much of it is Python between the operators
            benchmark.extra_info["python_share"] = core.python_overhead(work.step)
        if impl != "solutions":
            ref = workloads.build_workload(kata, loader.load("solutions", kata), size, ctx, variant)
            ok, _, _, message = workloads.compare_steps(work, ref)
            benchmark.extra_info["check"] = message
            assert ok, message
        return work
    return run
