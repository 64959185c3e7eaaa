"""Prove the tests can fail, and that they are fair: run each kata's tests
against every known-wrong variant of its reference in tests/mutants/<kata>/
and demand a failure; and against every correct implementation written
differently in tests/alternatives/<kata>/ (the tutorials' own code, another
algorithm, another but allowed choice) and demand a pass.

A mutant is *caught* when pytest reports a failing test (exit code 1). It
*survives* when every test passes (exit code 0), and is *broken* when pytest
cannot even run it (an import or collection error, exit code 2 or more):
both fail the check. Each mutant's module docstring names its mistake.

``python -m common.checks.mutants [kata ...]`` runs them, two at a time on two cores.
"""
import ast
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import course

MUTANTS_DIR = course.ROOT / "tests" / "mutants"
ALTERNATIVES_DIR = course.ROOT / "tests" / "alternatives"


def mutants_of(kata, folder=MUTANTS_DIR):
    folder = folder / kata
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_")) if folder.is_dir() else []


def alternatives_of(kata):
    return mutants_of(kata, ALTERNATIVES_DIR)


def mistake(path):
    """The one-line docstring naming a mutant's mistake (or None)."""
    doc = ast.get_docstring(ast.parse(Path(path).read_text()))
    return doc.strip().splitlines()[0] if doc else None


def run_one(kata, path, threads, correct=False):
    """Run the kata's tests against one mutant (or, ``correct``, one alternative
    correct implementation); return (verdict, detail, seconds)."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), KATA_IMPL=str(path))
    cmd = [sys.executable, "-m", "pytest", str(course.test_file(kata)), "--impl", str(path),
           "-x", "-q", "--no-header", "-p", "no:randomly", "--tb=line"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=course.ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode == 1:
        failed = [l for l in proc.stdout.splitlines() if l.startswith("FAILED")]
        first = failed[0][len("FAILED "):] if failed else "a test failed"
        if correct:
            return "REFUSED", f"a correct implementation fails {first}: the test is too strict", seconds
        return "caught", first, seconds
    if proc.returncode == 0:
        if correct:
            return "passes", "every test passed", seconds
        return "SURVIVED", "every test passed: add a test that catches this mistake", seconds
    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
    return "BROKEN", f"pytest exit code {proc.returncode}:\n{tail}", seconds


def main(argv):
    katas = argv or course.available()
    for kata in katas:
        course.check_name(kata)
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
    threads = max(1, (os.cpu_count() or 1) // workers)
    wrong = sum(1 for *_, correct in jobs if not correct)
    print(f"mutants: {wrong} known-wrong and {len(jobs) - wrong} correct alternative implementations "
          f"of {len(katas)} katas, {workers} at a time", flush=True)
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        futures = [(kata, path, correct, pool.submit(run_one, kata, path, threads, correct))
                   for kata, path, correct in jobs]
        for kata, path, correct, future in futures:
            verdict, detail, seconds = future.result()
            name = f"{kata}/{path.stem}" + (" (correct)" if correct else "")
            print(f"  {verdict:<8} {name:<45} {seconds:5.1f}s  {mistake(path) or ''}", flush=True)
            if verdict == "caught":
                print(f"           by {detail}", flush=True)
            elif verdict != "passes":
                problems.append(f"{name}: {verdict}: {detail}")
    bad = sum(1 for p in problems if p.split(": ")[1:2] in (["SURVIVED"], ["BROKEN"], ["REFUSED"]))
    print(f"mutants: {len(jobs)} run in {time.perf_counter() - start:.0f}s; {len(jobs) - bad} as they should be")
    for line in problems:
        print("PROBLEM:", line)
    return 1 if problems else 0


if __name__ == "__main__":
    import common  # noqa: F401
    sys.exit(main(sys.argv[1:]))
