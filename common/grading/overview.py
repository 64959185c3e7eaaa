"""The class overview an instructor reads after grading: ``class.md`` and
``class.png`` beside ``gradebook.csv``.

Per kata: the distribution of scores (a histogram), the median, the share of
learners done / in progress / not attempted, and the most common first
failures across the class: the misconceptions to address in the next
lecture. Everything is read back from the learners' ``results.json`` files,
so regrading one learner into a class folder updates the overview.
"""
import statistics
from collections import Counter

from common.grading.markup import code, md, num

STATUS_ORDER = ("done", "in progress", "pending", "not attempted", "broken", "tampered")


def kata_rows(grades):
    """{kata: [(learner, kata dict)]} in the order the katas appear."""
    rows = {}
    for grade in grades:
        for kata, k in grade["katas"].items():
            rows.setdefault(kata, []).append((grade["submission"], k))
    return rows


def common_failures(grades, top=10):
    """[(count, kata, test, a message)] of the first failures most learners share."""
    counts, example = Counter(), {}
    for grade in grades:
        for kata, k in grade["katas"].items():
            if k.get("first_failure"):
                test, message = k["first_failure"]
                counts[(kata, test)] += 1
                example.setdefault((kata, test), " ".join(str(message).split())[:160])
    return [(n, kata, test, example[(kata, test)]) for (kata, test), n in counts.most_common(top)]


def markdown(grades):
    """class.md: the table per kata and the most common first failures."""
    learners = len(grades)
    out = [f"# Class overview: {learners} learner{'s' * (learners != 1)}", "",
           "| kata | median | max | " + " | ".join(STATUS_ORDER) + " |",
           "| --- | --- | --- | " + " | ".join("---" for _ in STATUS_ORDER) + " |"]
    for kata, rows in kata_rows(grades).items():
        scores = [k["score"] for _, k in rows]
        statuses = Counter(k["status"] for _, k in rows)
        shares = [f"{100 * statuses[s] / len(rows):.0f}%" for s in STATUS_ORDER]
        out.append(f"| {kata} | {num(statistics.median(scores))} | {num(rows[0][1]['max_score'])} | "
                   + " | ".join(shares) + " |")
    totals = [g["score"] for g in grades]
    if totals:
        out += ["", f"Total: median {num(statistics.median(totals))} of "
                    f"{num(grades[0]['max_score'])} points."]
    out += ["", "## The most common first failures", "",
            "What the most learners got wrong first, kata by kata: worth a word in the next lecture.", ""]
    failures = common_failures(grades)
    if not failures:
        out.append("No learner has a failing test.")
    for count, kata, test, message in failures:
        out.append(f"- **{count} of {learners}** in {kata}: {code(test)}: {md(message)}")
    out += ["", "![score distribution per kata](class.png)"]
    return "\n".join(out) + "\n"


def chart(grades, path):
    """class.png: one histogram of scores per kata (and the total)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
    rows = kata_rows(grades)
    panels = list(rows.items()) + [("total", [(g["submission"], g) for g in grades])]
    columns = min(3, len(panels))
    fig_rows = -(-len(panels) // columns)
    fig = Figure(figsize=(4 * columns, 2.8 * fig_rows), dpi=100)
    axes = fig.subplots(fig_rows, columns, squeeze=False).ravel()
    for ax, (name, items) in zip(axes, panels):
        top = max((k["max_score"] for _, k in items), default=1) or 1
        scores = [k["score"] for _, k in items]
        ax.hist(scores, bins=10, range=(0, top), color="tab:blue", edgecolor="white")
        ax.axvline(statistics.median(scores), color="tab:red", linestyle="--",
                   label=f"median {statistics.median(scores):.1f}")
        ax.set_title(name, fontsize=10)
        ax.set_xlabel(f"points (of {top:g})")
        ax.set_ylabel("learners")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=8)
    for ax in axes[len(panels):]:
        ax.axis("off")
    fig.suptitle(f"Scores of {len(grades)} learners", fontsize=11)
    fig.tight_layout()
    fig.savefig(str(path))
