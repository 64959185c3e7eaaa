"""The ceiling: a large float32 matrix product through MXNet, on the same
device and in the same run as the kata benchmarks. The table reports each
step's achieved FLOP/s as a percentage of it."""
from common import bench


def test_bench_ceiling(benchmark, bench_ctx):
    ctx, device = bench_ctx
    step, flops = bench.matmul_step(ctx)
    n = bench.ceiling_size(ctx)
    benchmark.extra_info.update({"kind": "ceiling", "flops": flops, "device": device,
                                 "label": f"ceiling {n}x{n} float32 dot"})
    benchmark.pedantic(step, rounds=5, warmup_rounds=1, iterations=1)
