"""``python -m common.bench`` (``make bench``): run the throughput benchmarks
(common/bench/suite, pytest-benchmark), print one table, write
results/bench.json and results/bench.png, then the comparisons that teach
(execution modes, preprocessing, OMP threads) and, with ``--layers``, the
DCGAN layer-by-layer study. README.md beside this file has the numbers."""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from common.bench.core import RESULTS, SIZES, measure_ceiling, select_context
from common.bench.report import format_table, rows_from_json, write_chart
from common.bench.studies import comparisons, omp_lines, omp_scaling
from common.bench.workloads import BENCH_KATAS, _rounds, reference_exists, throughput_check
from common.course import ROOT

SUITE = Path(__file__).resolve().parent / "suite"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m common.bench",
        description="Run the throughput benchmarks (common/bench/suite) and print one table.")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="the learner's throughput check for one kata (JSON out)")
    check.add_argument("impl")
    check.add_argument("kata", choices=BENCH_KATAS)
    check.add_argument("--size", default="small", choices=SIZES)
    parser.add_argument("--impl", default="solutions",
                        help="implementation to time: solutions (default), katas or a submission "
                             "directory; anything but solutions is also checked against the reference")
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="comma-separated sizes to run (small,tutorial)")
    parser.add_argument("-k", default=None, help="pytest -k expression to select benchmarks")
    parser.add_argument("--results", default=str(RESULTS), help="where bench.json and bench.png go")
    parser.add_argument("--no-omp", action="store_true", help="skip the OMP_NUM_THREADS 1 vs 2 probe")
    parser.add_argument("--layers", action="store_true",
                        help="also time the tutorial DCGAN layer by layer, direct and as GEMM "
                             "(common/bench/layers.py)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the interleaved comparisons (execution modes, preprocessing)")
    args = parser.parse_args(argv)

    if args.command == "check":
        ok, ours_s, ref_s, message = throughput_check(args.impl, args.kata, args.size)
        print(json.dumps({"ok": ok, "ours_s": ours_s, "ref_s": ref_s, "message": message}))
        return 0 if ok else 1

    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    json_path = results / "bench.json"
    ctx, note = select_context(verbose=True)
    command = [sys.executable, "-m", "pytest", str(SUITE), "-q", "-p", "no:cacheprovider",
               "-o", "python_files=bench_*.py", "-o", "python_functions=bench_*",
               "--benchmark-enable", "--benchmark-only", f"--benchmark-json={json_path}",
               "--benchmark-columns=min,median,max,rounds", "--impl", args.impl, "-rs"]
    if args.k:
        command += ["-k", args.k]
    environ = dict(os.environ, BENCH_SIZES=args.sizes)
    started = time.perf_counter()
    status = subprocess.run(command, cwd=ROOT, env=environ).returncode
    lines = []
    if json_path.is_file():
        rows, ceiling = rows_from_json(json_path)
        if ceiling and not args.k:
            # once more at the end: on a shared machine the start may have been the busy part
            ceiling = max(ceiling, measure_ceiling(ctx))
        lines += [f"device: {note}", ""] + format_table(rows, ceiling)
        if rows:
            write_chart(rows, ceiling, results / "bench.png")
            lines.append(f"written: {json_path}, {results / 'bench.png'}")
    if (args.layers and not args.k and args.impl == "solutions"
            and "tutorial" in args.sizes.split(",") and reference_exists("dcgan_module")):
        from common.bench import layers as bench_layers
        lines += [""] + bench_layers.report(ctx, rounds=_rounds(3), results=results)
    if not args.no_compare:
        lines += [""] + comparisons(ctx)
    if not args.no_omp:
        omp = omp_scaling()
        (results / "omp.json").write_text(json.dumps(omp, indent=1))
        lines += ["", "OMP threads (one process each, ceiling best of 3, reference step best of 3):"]
        lines += omp_lines(omp)
    lines.append(f"bench took {time.perf_counter() - started:.0f} s")
    print("\n" + "\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
