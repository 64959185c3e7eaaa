"""Mutation testing of the reference solutions with mutmut 3 (``make mutation``):
how many operator-level changes of a reference do its kata's tests catch?

``python -m common.checks.mutation [kata ...] [--jobs N]`` mutates solutions/<kata>.py,
runs only tests/test_<kata>.py against each mutant and prints, per kata,
killed / total and the diff of every surviving mutant.

Each kata runs in its own scratch tree (results/mutation/<kata>/) in which the
kata's reference is copied to katas/<kata>.py and mutated there; the tests run
with ``--impl katas``, so the ``reference`` fixture (solutions/<kata>.py) stays
pristine and differential tests keep their teeth. The kata rules
(common/policy.py) are off there (``KATA_RULES=off``): mutmut's trampolines
import mutmut. Hypothesis does not shrink (common/checks/mutation_plugin.py):
a killed mutant needs one failing example, not the smallest.

The score is (killed + timeout) / (mutants with tests), as mutmut counts it;
every survivor is either a gap in the tests or an equivalent mutant.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import course

ROOT = course.ROOT
SETUP_CFG = """\
[mutmut]
source_paths = katas/{kata}.py
also_copy =
    common
    pytest.ini
    solutions
    katas/__init__.py
pytest_add_cli_args_test_selection = tests/test_{kata}.py
pytest_add_cli_args =
    --impl=katas
    -p
    common.checks.mutation_plugin
timeout_multiplier = {timeout_multiplier}
"""


def prepare(kata, work, timeout_multiplier):
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants")
    for name in ("common", "tests", "solutions"):
        shutil.copytree(ROOT / name, work / name, ignore=ignore)
    shutil.copy2(ROOT / "pytest.ini", work / "pytest.ini")
    (work / "katas").mkdir()
    shutil.copy2(ROOT / "katas" / "__init__.py", work / "katas" / "__init__.py")
    shutil.copy2(ROOT / "solutions" / f"{kata}.py", work / "katas" / f"{kata}.py")
    (work / "setup.cfg").write_text(SETUP_CFG.format(kata=kata, timeout_multiplier=timeout_multiplier))


def run_mutmut(work, jobs):
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")  # one thread per mutant worker
    env["KATA_RULES"] = "off"               # the mutated module imports mutmut
    env.pop("HYPOTHESIS_PROFILE", None)
    with open(work / "mutmut.log", "w") as log:
        proc = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)],
                              cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc.returncode


def results(kata, work):
    from mutmut import configuration
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code
    meta = json.loads((work / "mutants" / "katas" / f"{kata}.py.meta").read_text())
    status = {name: status_by_exit_code[code] for name, code in meta["exit_code_by_key"].items()}
    old = os.getcwd()
    os.chdir(work)
    configuration.reset_config()
    try:
        diffs = {name: get_diff_for_mutant(name, path=f"katas/{kata}.py")
                 for name, s in status.items() if s == "survived"}
    finally:
        os.chdir(old)
    return status, diffs


def pretty(name, kata):
    # katas.iterators.xǁ_BatchIterǁnext__mutmut_45 -> _BatchIter.next #45
    short = name[len(f"katas.{kata}."):]
    func, _, number = short.rpartition("__mutmut_")
    func = func[2:] if func.startswith("x_") else func.lstrip("x")
    return f"{func.strip('ǁ').replace('ǁ', '.')} #{number}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("katas", nargs="*", help="default: every kata with tests")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", type=Path, default=ROOT / "results" / "mutation")
    parser.add_argument("--timeout-multiplier", type=float, default=5.0)
    args = parser.parse_args(argv)
    katas = [course.check_name(k) for k in args.katas] or course.available()
    table = []
    for kata in katas:
        work = args.workdir / kata
        prepare(kata, work, args.timeout_multiplier)
        start = time.perf_counter()
        rc = run_mutmut(work, args.jobs)
        seconds = time.perf_counter() - start
        if rc != 0:
            print(f"{kata}: mutmut failed (exit {rc}), see {work / 'mutmut.log'}")
            table.append((kata, None, seconds))
            continue
        status, diffs = results(kata, work)
        counts = {s: sum(1 for v in status.values() if v == s) for s in set(status.values())}
        table.append((kata, counts, seconds))
        print(f"\n=== {kata}: {len(diffs)} surviving mutants")
        for name, diff in diffs.items():
            print(f"--- {pretty(name, kata)}")
            print(diff.replace(f"katas/{kata}.py", f"solutions/{kata}.py"))
    print(f"\n{'kata':<14}{'killed':>8}{'timeout':>9}{'survived':>10}{'no tests':>10}{'total':>7}{'score':>8}{'time':>8}")
    failed = False
    for kata, counts, seconds in table:
        if counts is None:
            print(f"{kata:<14}  mutmut failed{'':>45}{seconds:>7.0f}s")
            failed = True
            continue
        get = counts.get
        total = sum(counts.values())
        tested = total - get("no tests", 0) - get("skipped", 0)
        caught = get("killed", 0) + get("timeout", 0)
        score = f"{100 * caught / tested:.0f}%" if tested else "-"
        print(f"{kata:<14}{get('killed', 0):>8}{get('timeout', 0):>9}{get('survived', 0):>10}"
              f"{get('no tests', 0):>10}{total:>7}{score:>8}{seconds:>7.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
