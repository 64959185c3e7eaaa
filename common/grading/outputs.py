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
import tempfile
from pathlib import Path

from common.grading import overview
from common.grading.markup import code, fenced, md, num


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


# -------------------------------------------------------------- results.json

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


def gradescope(grade, hidden_visibility="after_due_date", visibility="visible", stdout_visibility="hidden"):
    """The Gradescope autograder results of one submission: one entry per kata
    (its public tests; the kata's report section as Markdown), and one per kata
    with hidden tests, shown ``hidden_visibility`` (after the due date by
    default: Gradescope hides the total while any test is "hidden")."""
    tests = []
    for number, (kata, k) in enumerate(grade["katas"].items(), 1):
        public_max = k["max_score"] - k["hidden_max_score"]
        public = k["score"] - k["hidden_score"]
        tests.append({"name": f"{number}. {kata}", "number": str(number),
                      "score": round(public, 4), "max_score": round(public_max, 4),
                      "status": "passed" if public >= public_max - 1e-9 else "failed",
                      "output": "\n".join(kata_section(kata, k)[2:]), "output_format": "md",
                      "tags": [kata], "visibility": "visible"})
        if k["hidden_total"]:
            tests.append({"name": f"{number}. {kata}: hidden tests", "number": f"{number}.1",
                          "score": round(k["hidden_score"], 4), "max_score": round(k["hidden_max_score"], 4),
                          "status": "passed" if k["hidden_passed"] == k["hidden_total"] else "failed",
                          "output": f"{k['hidden_passed']} of {k['hidden_total']} hidden tests passed.",
                          "output_format": "md", "tags": [kata, "hidden"], "visibility": hidden_visibility})
    return {
        "score": round(grade["score"], 4),
        "execution_time": round(grade["wall_time"]),
        "output": summary_markdown(grade),
        "output_format": "md",
        "test_output_format": "md",
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "tests": tests,
        "extra_data": {"max_score": round(grade["max_score"], 4), "katas": grade["katas"],
                       "sandbox": grade["sandbox"], "cpu_time": round(grade["cpu_time"], 1),
                       "instructor_notes": grade["notes"]},
    }


def summary_markdown(grade):
    lines = [f"**Total: {num(grade['score'])} / {num(grade['max_score'])} points**", ""]
    for kata, k in grade["katas"].items():
        lines.append(f"- {kata}: {num(k['score'])} / {num(k['max_score'])} ({k['status']})"
                     + (f": {md(k['problem'])}" if k["problem"] else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------- report.md

def markdown(grade):
    """The learner's report: per kata, the score, the counts and the first failure.
    Hidden tests appear only as counts and points."""
    out = [f"# Grade report: {md(grade['submission'])}", "",
           f"**Total: {num(grade['score'])} / {num(grade['max_score'])} points**", "",
           "| kata | score | passed | failed | not attempted | status |",
           "| --- | --- | --- | --- | --- | --- |"]
    for kata, k in grade["katas"].items():
        out.append(f"| {kata} | {num(k['score'])} / {num(k['max_score'])} | {k['passed']} | "
                   f"{k['failed']} | {k['not_attempted']} | {k['status']} |")
    for kata, k in grade["katas"].items():
        out += [""] + kata_section(kata, k)
    return "\n".join(out) + "\n"


def kata_section(kata, k):
    """One kata's part of the report, as Markdown lines (a heading first)."""
    out = [f"## {kata}: {num(k['score'])} / {num(k['max_score'])} ({k['status']})", ""]
    out.append(f"- tests: {k['passed']} passed, {k['failed']} failed, "
               f"{k['not_attempted']} not attempted" + (f", {k['skipped']} skipped" if k["skipped"] else ""))
    if k["problem"]:
        out.append(f"- problem: {md(k['problem'])}")
    if k.get("output_tail"):
        out += ["- the end of its output:"] + fenced(line[:200] for line in k["output_tail"].splitlines()[-15:])
    if k["first_failure"]:
        name, message = k["first_failure"]
        out.append(f"- first failure: {code(name)}")
        out += fenced(message.splitlines()[:12])
    if k["hidden_total"]:
        out.append(f"- hidden tests: {k['hidden_passed']} of {k['hidden_total']} passed "
                   f"({num(k['hidden_score'])} / {num(k['hidden_max_score'])} points)")
    return out


# ------------------------------------------------------------- gradebook.csv

def gradebook(grades, katas):
    """One row per submission, one column per kata, then the total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *katas, "total", "max_total", "problems"])
    for grade in grades:
        problems = "; ".join(f"{kata}: {k['problem']}" for kata, k in grade["katas"].items() if k["problem"])
        writer.writerow([grade["submission"],
                         *(num(grade["katas"][kata]["score"]) if kata in grade["katas"] else "" for kata in katas),
                         num(grade["score"]), num(grade["max_score"]), problems])
    return buffer.getvalue()


def write_submission(grade, folder):
    """results.json and report.md for one submission, in ``folder``."""
    write_atomic(Path(folder) / "results.json", json.dumps(gradescope(grade), indent=2) + "\n")
    write_atomic(Path(folder) / "report.md", markdown(grade))


def write(grades, out, *, single):
    """Write each submission's results.json and report.md (into ``out`` for a
    single learner, ``out/<name>/`` for a class); a class folder also gets
    gradebook.csv, class.md and class.png, rebuilt from every learner's
    results.json in it (so regrading one learner keeps the others)."""
    out = Path(out)
    for g in grades:
        write_submission(g, out if single else out / g["submission"])
    if not single:
        write_class(out)


def read_class(out):
    """The grades (as read back from results.json) of every learner folder in ``out``."""
    grades = []
    for folder in sorted(p for p in Path(out).iterdir() if (p / "results.json").is_file()):
        results = json.loads((folder / "results.json").read_text())
        grades.append({"submission": folder.name, "score": results["score"],
                       "max_score": results["extra_data"]["max_score"],
                       "katas": results["extra_data"]["katas"]})
    return grades


def write_class(out):
    """gradebook.csv, class.md and class.png of the class folder ``out``."""
    grades = read_class(out)
    katas = list(dict.fromkeys(k for g in grades for k in g["katas"]))
    write_atomic(Path(out) / "gradebook.csv", gradebook(grades, katas))
    write_atomic(Path(out) / "class.md", overview.markdown(grades))
    overview.chart(grades, Path(out) / "class.png")
