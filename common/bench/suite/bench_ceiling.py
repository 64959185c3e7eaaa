"""The ceiling: a large float32 matrix product through MXNet, on the same
device and in the same run as the kata benchmarks. The table reports each
step's achieved FLOP/s as a percentage of it."""
from common.bench import core


def bench_ceiling(benchmark, bench_ctx):
    ctx, device = bench_ctx
    step, flops = core.matmul_step(ctx)
    n = core.ceiling_size(ctx)
    benchmark.extra_info.update({"kind": "ceiling", "flops": flops, "device": device,
                                 "label": f"ceiling {n}x{n} float32 dot"})
    benchmark.pedantic(step, rounds=5, warmup_rounds=1, iterations=1)
