"""What the grader writes: results.json (the Gradescope format), a readable
Markdown report per submission, and gradebook.csv for a class.

A grade is a plain dict (see ``common.grading.score``); this module only
turns it into files, each written atomically (a temporary file renamed into
place), so a reader never sees half a report.
"""
import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path


def write_atomic(path, text):
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _num(x):
    return int(x) if float(x).is_integer() else round(float(x), 2)


# -------------------------------------------------------------- results.json

def gradescope(grade):
    """The Gradescope autograder results of one submission."""
    tests = []
    for number, test in enumerate(grade["tests"], 1):
        entry = {
            "name": f"{test['kata']}: {test['name']}",
            "number": str(number),
            "score": test["score"],
            "max_score": test["max_score"],
            "status": "passed" if test["status"] == "passed" else "failed",
            "output": test["output"],
            "tags": [test["kata"]],
            "visibility": "hidden" if test["hidden"] else "visible",
        }
        tests.append(entry)
    return {
        "score": grade["score"],
        "execution_time": round(grade["execution_time"]),
        "output": summary_text(grade),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"max_score": grade["max_score"], "katas": grade["katas"],
                       "sandbox": grade["sandbox"], "cpu_time": round(grade["cpu_time"], 1),
                       "instructor_notes": grade["notes"]},
    }


def summary_text(grade):
    lines = [f"Total: {_num(grade['score'])} / {_num(grade['max_score'])} points"]
    for kata, k in grade["katas"].items():
        lines.append(f"{kata}: {_num(k['score'])} / {_num(k['max_score'])} ({k['status']})"
                     + (f": {k['problem']}" if k["problem"] else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------- report.md

def markdown(grade):
    """The learner's report: per kata, the score, the counts and the first failure.
    Hidden tests appear only as counts and points."""
    out = [f"# Grade report: {_md(grade['submission'])}", "",
           f"**Total: {_num(grade['score'])} / {_num(grade['max_score'])} points**", "",
           "| kata | score | passed | failed | not attempted | status |",
           "| --- | --- | --- | --- | --- | --- |"]
    for kata, k in grade["katas"].items():
        out.append(f"| {kata} | {_num(k['score'])} / {_num(k['max_score'])} | {k['passed']} | "
                   f"{k['failed']} | {k['not_attempted']} | {k['status']} |")
    for kata, k in grade["katas"].items():
        out += ["", f"## {kata}: {_num(k['score'])} / {_num(k['max_score'])} ({k['status']})", ""]
        out.append(f"- tests: {k['passed']} passed, {k['failed']} failed, "
                   f"{k['not_attempted']} not attempted" + (f", {k['skipped']} skipped" if k["skipped"] else ""))
        if k["problem"]:
            out.append(f"- problem: {_md(k['problem'])}")
        if k.get("output_tail"):
            out += ["- the end of its output:"] + fenced(line[:200] for line in k["output_tail"].splitlines()[-15:])
        if k["first_failure"]:
            name, message = k["first_failure"]
            out.append(f"- first failure: {_code(name)}")
            out += fenced(message.splitlines()[:12])
        if k["hidden_total"]:
            out.append(f"- hidden tests: {k['hidden_passed']} of {k['hidden_total']} passed "
                       f"({_num(k['hidden_score'])} / {_num(k['hidden_max_score'])} points)")
    return "\n".join(out) + "\n"


def _md(text):
    """One line of text as Markdown shows it literally (no heading, list or link)."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)


def _code(text):
    """``text`` as inline code, whatever backticks it holds."""
    text = " ".join(str(text).split())
    ticks = "`" * (1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{ticks} {text} {ticks}"


def fenced(lines):
    """Lines as an indented code block whose fence no line can close."""
    lines = list(lines)
    longest = max((len(run) for line in lines for run in re.findall(r"`{3,}|~{3,}", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return ["", "  " + fence, *("  " + line for line in lines), "  " + fence]


# ------------------------------------------------------------- gradebook.csv

def gradebook(grades, katas):
    """One row per submission, one column per kata, then the total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *katas, "total", "max_total", "problems"])
    for grade in grades:
        problems = "; ".join(f"{kata}: {k['problem']}" for kata, k in grade["katas"].items() if k["problem"])
        writer.writerow([grade["submission"],
                         *(_num(grade["katas"][kata]["score"]) if kata in grade["katas"] else "" for kata in katas),
                         _num(grade["score"]), _num(grade["max_score"]), problems])
    return buffer.getvalue()


def write_submission(grade, folder):
    """results.json and report.md for one submission, in ``folder``."""
    write_atomic(Path(folder) / "results.json", json.dumps(gradescope(grade), indent=2) + "\n")
    write_atomic(Path(folder) / "report.md", markdown(grade))


def write(grades, out, *, single):
    """Write the reports; a class also gets gradebook.csv. Returns the paths written."""
    out = Path(out)
    written = []
    for g in grades:
        folder = out if single else out / g["submission"]
        write_submission(g, folder)
        written += [folder / "results.json", folder / "report.md"]
    if not single:
        katas = list(dict.fromkeys(k for g in grades for k in g["katas"]))
        write_atomic(out / "gradebook.csv", gradebook(grades, katas))
        written.append(out / "gradebook.csv")
    return written
