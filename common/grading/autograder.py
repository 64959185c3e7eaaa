"""Gradescope: the autograder zip (``make autograder``) and what it runs on
each submission.

    python -m common.grading.autograder build [--out autograder.zip] [--extra-tests DIR]
        [--katas a,b] [--hidden-visibility after_due_date|after_published]
        [--visibility visible] [--stdout-visibility hidden] [--timeout S] [--memory-mb M]
    python -m common.grading.autograder prepare    (what setup.sh calls last)
    python -m common.grading.autograder run        (what run_autograder calls)

The zip follows Gradescope's autograder specification: ``setup.sh`` and
``run_autograder`` at its root, the project beside them (Gradescope unpacks
it into ``/autograder/source``). ``setup.sh`` installs Python 3.11 and the
pinned wheels once, when the image is built; nothing is downloaded while
grading. ``run_autograder`` takes the learner's kata modules from
``/autograder/submission`` (also from a sub-folder such as ``katas/``, and
whatever the case of their names), grades them with the project's grader and
always writes ``/autograder/results/results.json``. Both scripts take their
root from ``$AUTOGRADER_ROOT`` (default ``/autograder``), so the project's own
tests run them end to end in a temporary folder laid out like Gradescope's.
"""
import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from common import course
from common.course import ROOT

SETTINGS = "autograder.json"
HIDDEN_TESTS = "hidden_tests"
# What the zip carries of the project (the grader, the tests, the references, the stubs).
PROJECT = ("common", "katas", "solutions", "tests/__init__.py", "tests/conftest.py",
           "tests/strategies.py", "pytest.ini", "requirements.txt", "constraints.txt")
SKIP = ("__pycache__", "*.pyc", ".hypothesis")
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (Ubuntu 22.04 by default). It installs Python 3.11 and the pinned packages:
# nothing is downloaded later, while grading.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source"
if ! command -v python3.11 >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3.11 python3.11-venv util-linux \\
    || { apt-get install -y -qq software-properties-common \\
         && add-apt-repository -y ppa:deadsnakes/ppa && apt-get update -qq \\
         && apt-get install -y -qq python3.11 python3.11-venv util-linux; }
fi
python3.11 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt -c constraints.txt
.venv/bin/python -c "import common, mxnet; print('mxnet', mxnet.__version__, 'ready')"
# collect the tests now, once: each submission's grading then starts at once
.venv/bin/python -m common.grading.autograder prepare --root "$ROOT"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade /autograder/submission and
# write /autograder/results/results.json (the Python part always writes it).
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${AUTOGRADER_PYTHON:-$ROOT/source/.venv/bin/python}"
cd "$ROOT/source" && exec "$PYTHON" -m common.grading.autograder run --root "$ROOT"
"""


# ------------------------------------------------------------------ build

def build(out, *, extra_tests=None, katas=None, hidden_visibility="after_due_date",
          visibility="visible", stdout_visibility="hidden", timeout=300, memory_mb=4096):
    """Write the autograder zip to ``out``; return its path."""
    for name, value in (("hidden visibility", hidden_visibility), ("visibility", visibility),
                        ("stdout visibility", stdout_visibility)):
        if value not in VISIBILITIES:
            raise ValueError(f"{name} must be one of {', '.join(VISIBILITIES)}, got {value!r}")
    if hidden_visibility in ("hidden", "visible"):
        raise ValueError("hidden tests carry points: show them after_due_date or after_published "
                         "(Gradescope hides a student's total while any test is 'hidden')")
    settings = {"katas": [course.check_name(k) for k in katas] if katas else None,
                "hidden_visibility": hidden_visibility, "visibility": visibility,
                "stdout_visibility": stdout_visibility, "timeout": timeout, "memory_mb": memory_mb,
                "extra_tests": HIDDEN_TESTS if extra_tests else None}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        for name in PROJECT:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, stage / name, ignore=shutil.ignore_patterns(*SKIP))
            else:
                (stage / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, stage / name)
        for row in course.COURSE:
            if row.tests.exists():
                shutil.copy2(row.tests, stage / "tests" / row.tests.name)
        if extra_tests:
            hidden = [p for p in Path(extra_tests).glob("test_*.py")]
            if not hidden:
                raise ValueError(f"{extra_tests} holds no test_<kata>.py file")
            (stage / HIDDEN_TESTS).mkdir()
            for path in hidden:
                shutil.copy2(path, stage / HIDDEN_TESTS / path.name)
        (stage / SETTINGS).write_text(json.dumps(settings, indent=1) + "\n")
        partial = out.with_suffix(".zip.part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
                info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
                info.external_attr = 0o100755 << 16  # an executable regular file
                archive.writestr(info, text)
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(stage))
        partial.replace(out)
    return out


# -------------------------------------------------------------------- run

def gather(submission, folder, katas):
    """Copy the learner's kata modules from ``submission`` (any depth, any
    case) into ``folder``; return notes on what was found where."""
    from common.grading.cli import kata_files
    found, notes = {}, []
    for path in kata_files(submission):
        kata = path.stem.lower()
        if kata in katas and kata not in found:
            found[kata] = path
    for kata, path in found.items():
        shutil.copyfile(path, Path(folder) / f"{kata}.py")
        where = path.relative_to(submission)
        if str(where) != f"{kata}.py":
            notes.append(f"no {kata}.py at the top of the submission; graded {where} instead")
    return notes


def _settings(source):
    """(the zip's settings, the katas to grade, the hidden tests' folder or None)."""
    settings = json.loads((source / SETTINGS).read_text()) if (source / SETTINGS).is_file() else {}
    extra = source / settings["extra_tests"] if settings.get("extra_tests") else None
    return settings, settings.get("katas") or course.available(), extra


def prepare(root):
    """Collect the tests the autograder will grade with (setup.sh calls this
    once, when the image is built): the collection is kept on disk, and the
    bytecode of the tests and the grader is written, for every submission."""
    from common.grading import suites
    _, katas, extra = _settings(Path(root) / "source")
    found = suites.suites(katas, extra)
    print(f"autograder: {sum(len(s.tests) for s in found)} tests of {len(found)} suites collected")
    return 0


def run(root):
    """Grade ``root/submission`` and write ``root/results/results.json``; 0 on success."""
    from common.grading import outputs, runner
    root = Path(root)
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    settings, katas, extra = _settings(root / "source")
    start = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="submission-") as tmp:
            learner = Path(tmp) / "learner"
            learner.mkdir()
            notes = gather(root / "submission", learner, katas)
            [grade] = runner.grade([learner], katas=katas, extra_tests=extra, progress=False,
                                   timeout=settings.get("timeout", runner.DEFAULT_TIMEOUT),
                                   memory_mb=settings.get("memory_mb", runner.DEFAULT_MEMORY_MB))
        grade["notes"] = notes + grade["notes"]
        grade["wall_time"] = time.monotonic() - start
        data = outputs.gradescope(grade, hidden_visibility=settings.get("hidden_visibility", "after_due_date"),
                                  visibility=settings.get("visibility", "visible"),
                                  stdout_visibility=settings.get("stdout_visibility", "hidden"))
        if notes:
            data["output"] = "\n".join(f"- {n}" for n in notes) + "\n\n" + data["output"]
        outputs.write_atomic(results, json.dumps(data, indent=2) + "\n")
        return 0
    except Exception as error:  # whatever happened, Gradescope gets a results.json
        data = {"score": 0, "execution_time": round(time.monotonic() - start),
                "output": f"The autograder itself failed: {type(error).__name__}: {error}. "
                          "Please tell your instructor.", "output_format": "text",
                "visibility": "visible", "stdout_visibility": "hidden", "tests": [],
                "extra_data": {"traceback": traceback.format_exc()[-4000:]}}
        results.write_text(json.dumps(data, indent=2) + "\n")
        print(data["output"], file=sys.stderr)
        return 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m common.grading.autograder",
                                     description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the autograder zip",
                       formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    b.add_argument("--out", default=str(ROOT / "autograder.zip"))
    b.add_argument("--extra-tests", help="a folder of hidden test_<kata>.py files (they count)")
    b.add_argument("--katas", help="grade only these katas (comma separated; default: all)")
    b.add_argument("--hidden-visibility", default="after_due_date", choices=("after_due_date", "after_published"))
    b.add_argument("--visibility", default="visible", choices=VISIBILITIES)
    b.add_argument("--stdout-visibility", default="hidden", choices=VISIBILITIES)
    b.add_argument("--timeout", type=float, default=300, help="seconds a test child may run (a kata cut short in a shared child runs again alone)")
    b.add_argument("--memory-mb", type=int, default=4096, help="memory a test child may use")
    r = sub.add_parser("run", help="grade /autograder/submission (run_autograder calls this)")
    r.add_argument("--root", default="/autograder")
    p = sub.add_parser("prepare", help="collect the tests once, when the image is built (setup.sh calls this)")
    p.add_argument("--root", default="/autograder")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.root)
    if args.command == "prepare":
        return prepare(args.root)
    try:
        path = build(args.out, extra_tests=args.extra_tests,
                     katas=args.katas.split(",") if args.katas else None,
                     hidden_visibility=args.hidden_visibility, visibility=args.visibility,
                     stdout_visibility=args.stdout_visibility, timeout=args.timeout,
                     memory_mb=args.memory_mb)
    except ValueError as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({path.stat().st_size / 2**20:.1f} MB): upload it as the assignment's autograder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
