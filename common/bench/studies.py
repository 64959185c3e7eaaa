"""Comparisons that teach: MXNet's execution modes on one DCGAN step,
preprocessing per image against vectorised, and OMP threads (each in its
own process)."""
import json
import os
import subprocess
import sys

from common.bench.core import interleaved, measure_ceiling, time_step
from common.bench.workloads import (GLUON_VARIANTS, ITERATOR_VARIANTS, build_workload,
                                    reference_exists)
from common.course import ROOT


def probe(kata="dcgan_module", size="small"):
    """What one subprocess measures for ``omp_scaling``: the ceiling and the
    best time of a reference step, with this process's OMP_NUM_THREADS."""
    from common.harness import loader
    import mxnet as mx
    ctx = mx.cpu()
    result = {"threads": os.environ.get("OMP_NUM_THREADS"), "ceiling": measure_ceiling(ctx, rounds=3)}
    if reference_exists(kata):
        work = build_workload(kata, loader.load("solutions", kata), size, ctx)
        result["step_s"] = min(time_step(work.step, 3))
        result["step"] = work.label
    return result


# The thread settings compared: one thread, the project's setting (every
# core), and the project's setting with libgomp told to sleep, not spin, while
# it waits (which matters when other processes share the cores).
OMP_CONFIGS = (
    {"OMP_NUM_THREADS": "1"},
    {"OMP_NUM_THREADS": str(os.cpu_count() or 1)},
    {"OMP_NUM_THREADS": str(os.cpu_count() or 1), "OMP_WAIT_POLICY": "PASSIVE"},
)


def omp_scaling(configs=OMP_CONFIGS, kata="dcgan_module", size="small"):
    """Run ``probe`` in one subprocess per thread setting; return the results
    (each with its 'env')."""
    results = []
    for config in configs:
        environ = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")}
        environ.update(config)
        code = f"import json, common.bench.studies as b; print(json.dumps(b.probe({kata!r}, {size!r})))"
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"the {config} probe failed:\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["env"] = " ".join(f"{k}={v}" for k, v in config.items())
        results.append(result)
    return results


def omp_lines(results):
    """Human lines comparing the probes (speed-up of each against the first)."""
    base = results[0]
    lines = []
    for r in results:
        line = f"{r.get('env', 'OMP_NUM_THREADS=' + str(r['threads']))}: ceiling {r['ceiling'] / 1e9:.1f} GFLOP/s"
        if "step_s" in r:
            line += f", {r['step']} step {r['step_s'] * 1e3:.0f} ms"
        if r is not base:
            line += f"  (speed-up {r['ceiling'] / base['ceiling']:.2f}x"
            if "step_s" in r and "step_s" in base:
                line += f", step {base['step_s'] / r['step_s']:.2f}x"
            line += ")"
        lines.append(line)
    return lines


# ---------------------------------------------------- interleaved comparisons


def comparisons(ctx, size="small", rounds=3):
    """The comparisons that teach, as lines: MXNet's execution modes on the
    same DCGAN step, and preprocessing per image against vectorised."""
    from common.harness import loader
    lines = []
    groups = [("DCGAN step, " + size, [("dcgan_gluon", v) for v in GLUON_VARIANTS]
               + [("dcgan_module", "")]),
              ("MNIST preprocessing, " + size, [("iterators", v) for v in reversed(ITERATOR_VARIANTS)])]
    for title, members in groups:
        present = [(k, v) for k, v in members if reference_exists(k)]
        if not present:
            continue
        works = [build_workload(k, loader.load("solutions", k), size, ctx, v) for k, v in present]
        best = interleaved([work.step for work in works], rounds)
        lines.append(f"{title} (interleaved, best of {rounds}):")
        for work, seconds in zip(works, best):
            name = {"dcgan_module": "Module API", "": work.kata}.get(work.kata, work.variant)
            if work.kata == "dcgan_gluon":
                name = {"imperative": "Gluon imperative", "hybrid": "Gluon hybridize()",
                        "static": "Gluon hybridize(static_alloc, static_shape)"}[work.variant]
            elif work.kata == "iterators":
                name = {"loop": "per-image loop", "vectorised": "vectorised"}[work.variant]
            lines.append(f"  {name:46s} {work.items / seconds:9.1f} {work.unit}  "
                         f"{seconds * 1e3:8.1f} ms  {best[0] / seconds:5.2f}x")
    return lines
