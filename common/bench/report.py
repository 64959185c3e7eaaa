"""The benchmark table and chart, from pytest-benchmark's JSON."""
import json
from pathlib import Path

from common.bench.core import SIZES
from common.course import KATAS


def rows_from_json(path):
    """The benchmark rows of a pytest-benchmark JSON file, plus the run's
    peak ceiling (FLOP/s of the ceiling benchmark's best product, or None).
    Each row: label, device, batch, model, unit, throughput (items per
    second of the best round), step_s, flops, flop_s, ceiling (the
    sustained ceiling measured around it, or None), rounds."""
    data = json.loads(Path(path).read_text())
    rows, ceiling = [], None
    for bench in data.get("benchmarks", []):
        info, stats = bench.get("extra_info", {}), bench["stats"]
        best = stats["min"]
        if info.get("kind") == "ceiling":
            ceiling = info["flops"] / best
            continue
        if "items" not in info:
            continue
        rows.append({"label": info["label"], "kata": info["kata"], "size": info["size"],
                     "device": info["device"], "batch": info["batch"], "model": info["model"],
                     "unit": info["unit"], "throughput": info["items"] / best,
                     "step_s": best, "flops": info["flops"],
                     "flop_s": info["flops"] / best if info["flops"] else None,
                     "ceiling": info.get("ceiling"),
                     "rounds": stats["rounds"], "check": info.get("check"),
                     "python_share": info.get("python_share")})
    order = {kata: i for i, kata in enumerate(KATAS)}
    rows.sort(key=lambda r: (order.get(r["kata"], len(order)), SIZES.index(r["size"])
                             if r["size"] in SIZES else 0))  # stable: variants keep their order
    return rows, ceiling


def _si(value):
    for scale, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{prefix}"
    return f"{value:.3g}"


def text_table(head, body):
    """Lines of a plain-text table: the header, a rule, one line per row,
    each column as wide as its widest cell."""
    widths = [max(len(x) for x in column) for column in zip(head, *body)]
    lines = ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [head] + body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def format_table(rows, ceiling):
    """The benchmark table, as lines of text. Each row's "% ceiling" is
    against the ceiling measured around it when the row has one (a shared
    machine's speed drifts), else against the run's ``ceiling``."""
    head = ["benchmark", "device", "batch", "model", "throughput", "step ms",
            "GFLOP/step", "GFLOP/s", "ceiling", "% ceiling", "Python %"]
    body = []
    for r in rows:
        own = r.get("ceiling") or ceiling
        pct = f"{100 * r['flop_s'] / own:.0f}%" if r["flop_s"] and own else "-"
        body.append([r["label"], r["device"], str(r["batch"]), r["model"],
                     f"{_si(r['throughput'])} {r['unit']}", f"{r['step_s'] * 1e3:.1f}",
                     f"{r['flops'] / 1e9:.3g}" if r["flops"] else "-",
                     f"{r['flop_s'] / 1e9:.1f}" if r["flop_s"] else "-",
                     f"{own / 1e9:.1f}" if r["flop_s"] and own else "-", pct,
                     f"{100 * r['python_share']:.0f}%" if r.get("python_share") is not None else "-"])
    lines = text_table(head, body)
    if ceiling or any(r.get("ceiling") for r in rows):
        peak = f"; the run's peak (best single product) {ceiling / 1e9:.1f}" if ceiling else ""
        lines.append("ceiling: GFLOP/s of float32 matrix products through MXNet on this device, "
                     "run for as long as the benchmark's step just before and just after it "
                     f"(the better of the two){peak}. Times are the best round")
    if any(r.get("python_share") is not None for r in rows):
        lines.append("Python %: the share of the step's wall time outside MXNet's operators (Python, "
                     "dispatch, waiting for results read too early), from MXNet's profiler over 3 steps")
    checks = [r["check"] for r in rows if r.get("check")]
    lines += checks
    return lines


def write_chart(rows, ceiling, path):
    """A PNG bar chart of the table: each step's percentage of the ceiling
    measured around it (labelled with its GFLOP/s), and throughput (log
    scale), for every benchmark."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels = [f"{r['label']} ({r['unit']})" for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 0.45 * len(rows) + 1.6), sharey=True)
    ys = range(len(rows))
    pcts = [100 * r["flop_s"] / (r.get("ceiling") or ceiling)
            if r["flop_s"] and (r.get("ceiling") or ceiling) else 0 for r in rows]
    bars = left.barh(ys, pcts, color="tab:blue")
    left.bar_label(bars, [f"{r['flop_s'] / 1e9:.3g} GFLOP/s" if r["flop_s"] else ""
                          for r in rows], padding=3, fontsize=7)
    left.axvline(100, color="tab:red", linestyle="--", label="the matrix-product ceiling")
    left.legend(loc="lower right", fontsize=8)
    left.set_xlim(0, max([115] + [p + 15 for p in pcts]))
    left.set_xlabel("% of the ceiling measured around each step")
    left.set_yticks(list(ys), labels, fontsize=8)
    left.invert_yaxis()
    right.barh(ys, [r["throughput"] for r in rows], color="tab:green")
    right.set_xscale("log")
    right.set_xlabel("throughput (items/s, log scale)")
    device = rows[0]["device"] if rows else "?"
    fig.suptitle(f"Kata training-step throughput on {device}", fontsize=10)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
