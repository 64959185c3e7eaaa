"""Prove the tests can fail, and that they are fair: run each kata's tests
against every known-wrong variant of its reference in tests/mutants/<kata>/
and demand a failure; and against every correct implementation written
differently in tests/alternatives/<kata>/ (the tutorials' own code, another
algorithm, another but allowed choice) and demand a pass.

A mutant is *caught* when pytest reports a failing test (exit code 1). It
*survives* when every test passes (exit code 0), and is *broken* when pytest
cannot even run it (an import or collection error, exit code 2 or more):
both fail the check. An alternative *passes* with exit code 0 and is
*refused* otherwise. Each file's docstring names its mistake (or its way).

``python -m common.checks.mutants [kata ...]`` imports MXNet, pytest and the
tests once, then forks one child per file, as many at a time as there are
cores: each child starts warm, in a fraction of a second, instead of paying
for a fresh interpreter.

A mutant's run stops at its first failing test (``-x``), and the test that
caught it last time runs first (tests/mutants/caught_by.json): the verdict
is the same in any order, it only comes sooner (about half the time).
``--record`` writes that file anew from this run.
"""
import ast
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

from common import course

MUTANTS_DIR = course.ROOT / "tests" / "mutants"
ALTERNATIVES_DIR = course.ROOT / "tests" / "alternatives"
CAUGHT_BY = MUTANTS_DIR / "caught_by.json"  # {"kata/mutant": the test id that caught it}
LIMIT_S = 600  # a file whose tests run longer than this is broken (an endless loop?)


def mutants_of(kata, folder=MUTANTS_DIR):
    folder = folder / kata
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_")) if folder.is_dir() else []


def alternatives_of(kata):
    return mutants_of(kata, ALTERNATIVES_DIR)


def mistake(path):
    """The one-line docstring naming a mutant's mistake (or None)."""
    doc = ast.get_docstring(ast.parse(Path(path).read_text()))
    return doc.strip().splitlines()[0] if doc else None


def pytest_args(kata, path):
    return [str(course.test_file(kata)), "--impl", str(path), "-x", "-q", "--no-header",
            "-p", "no:randomly", "--tb=line", "-p", "no:cacheprovider"]


def label(kata, path):
    return f"{kata}/{Path(path).stem}"


def caught_by(path=CAUGHT_BY):
    """{"kata/mutant": test id} from the last ``--record``, or {} (then the tests run in file order)."""
    try:
        recorded = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


class RunFirst:
    """A pytest plugin that moves one test to the front of the run."""

    def __init__(self, nodeid):
        self.nodeid = nodeid

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        items.sort(key=lambda item: item.nodeid != self.nodeid)  # stable: the others keep their order


def verdict(returncode, output, correct):
    """(verdict, detail) of one run from pytest's exit code and output."""
    if returncode == 1:
        failed = [line for line in output.splitlines() if line.startswith("FAILED")]
        first = failed[0][len("FAILED "):] if failed else "a test failed"
        if correct:
            return "REFUSED", f"a correct implementation fails {first}: the test is too strict"
        return "caught", first
    if returncode == 0:
        if correct:
            return "passes", "every test passed"
        return "SURVIVED", "every test passed: add a test that catches this mistake"
    tail = "\n".join(output.strip().splitlines()[-15:])
    return "BROKEN", f"pytest exit code {returncode}:\n{tail}"


def warm_up(katas):
    """Import MXNet and collect every kata's tests once, in this process, so
    that the forked children start warm."""
    files = [str(course.test_file(k)) for k in katas]
    with open(os.devnull, "w") as quiet:
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = quiet
        try:
            pytest.main(files + ["--collect-only", "-q", "-p", "no:cacheprovider"])
        finally:
            sys.stdout, sys.stderr = stdout, stderr


def start(kata, path, first=None):
    """Fork a child that runs the kata's tests against ``path``, the test
    ``first`` (a test id) before the others; (pid, output file)."""
    output = tempfile.TemporaryFile(mode="w+")
    pid = os.fork()
    if pid == 0:  # the child: pytest on the warm interpreter, then leave at once
        code = 3
        try:
            os.dup2(output.fileno(), 1)
            os.dup2(output.fileno(), 2)
            sys.stdout = sys.stderr = os.fdopen(1, "w", buffering=1)
            code = int(pytest.main(pytest_args(kata, path), plugins=[RunFirst(first)] if first else []))
            sys.stdout.flush()
        finally:
            os._exit(code)
    return pid, output


def run_all(jobs, workers, first=None):
    """Run every (kata, path, correct) job, ``workers`` at a time, a mutant's
    test ``first[label]`` before the others; yield (kata, path, correct,
    verdict, detail, seconds) in the order they finish."""
    first = first or {}
    waiting = list(jobs)
    running = {}  # pid -> (job, output, started)
    while waiting or running:
        while waiting and len(running) < workers:
            job = waiting.pop(0)
            pid, output = start(job[0], job[1], None if job[2] else first.get(label(job[0], job[1])))
            running[pid] = (job, output, time.perf_counter())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            for pid, (job, output, started) in list(running.items()):
                if time.perf_counter() - started > LIMIT_S:
                    os.kill(pid, 9)
            time.sleep(0.05)
            continue
        if pid not in running:
            continue
        (kata, path, correct), output, started = running.pop(pid)
        output.seek(0)
        text = output.read()
        output.close()
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            text += f"\nkilled by signal {-code} (after {LIMIT_S} s?)"
        yield (kata, path, correct, *verdict(code, text, correct), time.perf_counter() - started)


def main(argv):
    record = "--record" in argv
    katas = [course.check_name(k) for k in argv if k != "--record"] or course.available()
    jobs = [(kata, path, False) for kata in katas for path in mutants_of(kata)]
    jobs += [(kata, path, True) for kata in katas for path in alternatives_of(kata)]
    problems = []
    for kata in katas:
        if course.test_file(kata).exists() and not mutants_of(kata):
            problems.append(f"{kata}: no mutants in {MUTANTS_DIR / kata}")
    for kata, path, _ in jobs:
        if not mistake(path):
            problems.append(f"{path}: needs a one-line docstring naming its mistake (or its way)")
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    os.environ["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))  # before MXNet loads
    os.environ.pop("KATA_IMPL", None)
    wrong = sum(1 for *_, correct in jobs if not correct)
    print(f"mutants: {wrong} known-wrong and {len(jobs) - wrong} correct alternative implementations "
          f"of {len(katas)} katas, {workers} at a time", flush=True)
    began = time.perf_counter()
    warm_up(katas)
    print(f"  (MXNet and the tests loaded once in {time.perf_counter() - began:.1f}s)", flush=True)
    bad, known, found = 0, caught_by(), {}
    for kata, path, correct, result, detail, seconds in run_all(jobs, workers, known):
        name = label(kata, path) + (" (correct)" if correct else "")
        print(f"  {result:<8} {name:<45} {seconds:5.1f}s  {mistake(path) or ''}", flush=True)
        if result == "caught":
            print(f"           by {detail}", flush=True)
            found[label(kata, path)] = detail.split(" - ", 1)[0]
        elif result != "passes":
            problems.append(f"{name}: {result}: {detail}")
            bad += 1
    print(f"mutants: {len(jobs)} run in {time.perf_counter() - began:.0f}s; {len(jobs) - bad} as they should be")
    moved = sorted(name for name, test in found.items() if known.get(name) != test)
    if record:
        known = {name: test for name, test in known.items() if name.split("/")[0] not in katas}
        CAUGHT_BY.write_text(json.dumps(dict(sorted({**known, **found}.items())), indent=1) + "\n")
        print(f"mutants: {CAUGHT_BY.relative_to(course.ROOT)} now names the test that caught each mutant")
    elif moved:
        print(f"mutants: {len(moved)} not caught first by the test {CAUGHT_BY.name} names (e.g. {moved[0]}): "
              f"`python -m common.checks.mutants --record` makes the next run faster")
    for line in problems:
        print("PROBLEM:", line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
