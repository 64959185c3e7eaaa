"""Grade learners' katas: scores, results.json (Gradescope), a Markdown report
and, for a class, gradebook.csv.

    python -m common.grading --submission DIR [--out DIR]
    python -m common.grading --submissions DIR1 DIR2 ... [--out DIR]
    python -m common.grading --class-dir DIR [--out DIR]
      [--extra-tests DIR] [--jobs N] [--timeout S] [--memory-mb M] [--katas a,b]

A submission is a folder of kata modules named as in DESIGN.md
(``iterators.py``, ``conv_shapes.py``...); a missing file is that kata not
attempted. How a grade is decided:

1. The tests and their points come from the project, from a collection run in
   which no submission code runs: every test is worth ``@pytest.mark.points(n)``
   (default 1), a kata's score is the sum over its passed tests.
2. Each kata of each submission runs in its own confined child
   (common/grade_sandbox.py): only that kata module is copied into a fresh
   temporary folder, with a time limit, a memory limit and, where the kernel
   has Landlock, no writes outside that folder.
3. The child reports through a pipe, each line signed with a key only the
   parent and the harness plugin know (common/grade_plugin.py); the plugin
   also reports any patching of pytest, the tests or the harness, which costs
   the kata all its points. Exit codes, printed summaries and results files
   written by the child are never believed.
4. Tests that did not report (the child crashed, timed out, ran out of memory
   or exited early) score 0, with the reason.

Hidden tests (``--extra-tests DIR`` holding ``test_<kata>.py`` files that use
the same fixtures) count in the score; the learner's report shows only how
many passed and their points, never their names or messages.
"""
import argparse
import concurrent.futures
import hashlib
import hmac
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import grade_report, grade_sandbox, progression
from common.progression import ROOT

DEFAULT_TIMEOUT = 300     # seconds per kata run
DEFAULT_MEMORY_MB = 4096  # heap (RLIMIT_DATA) and resident memory per kata run
NOT_ATTEMPTED = "not attempted"
STATUSES = ("passed", "failed", "pending", "skipped")
# What a grading run must leave untouched: the tests, the harness, the references.
WATCHED = ("tests", "common", "solutions", "katas", "pytest.ini", "Makefile", "README.md")
MAX_SOURCE_BYTES = 2**20  # a kata module larger than this is not graded
SKIP_DIRS = {"__pycache__", ".hypothesis", ".pytest_cache", ".benchmarks", "data"}


class GradingError(RuntimeError):
    """The grader itself cannot go on (the instructor's setup, not a submission)."""


# --------------------------------------------------------------- the tests

class Suite:
    """The tests of one kata, public or hidden, with their points."""

    def __init__(self, kata, files, tests, hidden=False, rootdir=ROOT):
        self.kata, self.files, self.tests, self.hidden = kata, files, tests, hidden  # tests: [(nodeid, points)]
        self.rootdir = rootdir  # test ids are relative to it

    @property
    def max_score(self):
        return sum(points for _, points in self.tests)


def collect(files, *, rootdir=ROOT, timeout=300):
    """[(nodeid, points)] of the tests in ``files``, from a ``--collect-only`` run
    that imports no submission code."""
    with tempfile.TemporaryDirectory(prefix="grade-collect-") as tmp:
        target = Path(tmp) / "tests.json"
        env = dict(os.environ, GRADE_COLLECT_FILE=str(target), PYTHONDONTWRITEBYTECODE="1",
                   PYTHONPATH=str(ROOT))
        env.pop("KATA_IMPL", None)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "common.grade_plugin", "-c", str(ROOT / "pytest.ini"),
             "--rootdir", str(rootdir), "--collect-only", "-q", *map(str, files)],
            cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not target.exists():
            raise GradingError(f"collecting {', '.join(map(str, files))} failed:\n"
                               f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
        return [tuple(t) for t in json.loads(target.read_text())["tests"]]


def suites(katas=None, extra_tests=None):
    """The public (and hidden) test suites of the katas to grade."""
    katas = [progression.check_name(k) for k in (katas or progression.available())]
    files = {k: progression.test_file(k) for k in katas if progression.test_file(k).exists()}
    result = _split(collect(list(files.values())), files, hidden=False)
    if extra_tests:
        extra = Path(extra_tests).resolve()
        hidden_files = {k: extra / f"test_{k}.py" for k in files if (extra / f"test_{k}.py").exists()}
        if not hidden_files:
            raise GradingError(f"{extra} holds no test_<kata>.py file for {', '.join(files)}")
        result += _split(collect(list(hidden_files.values()), rootdir=extra), hidden_files, True, extra)
    return result


def _split(tests, files, hidden, rootdir=ROOT):
    """One Suite per kata, from the tests collected in its file."""
    def kata_of(nodeid):
        return Path(nodeid.split("::")[0]).stem[len("test_"):]
    return [Suite(kata, [path], [t for t in tests if kata_of(t[0]) == kata], hidden, rootdir)
            for kata, path in files.items()]


# -------------------------------------------------- the project fingerprint

def fingerprint(paths):
    """{relative path: sha256} of every file under ``paths`` (caches skipped)."""
    digests = {}
    for top in map(Path, paths):
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in files:
            if SKIP_DIRS.intersection(path.parts) or path.suffix == ".pyc":
                continue
            try:
                digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                digests[str(path)] = "unreadable"
    return digests


def changed_files(before, after):
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


# ------------------------------------------------------------ one kata run

def run_job(job):
    """Grade one suite of one submission (runs in a worker process): returns
    {nodeid: (status, message)} plus what went wrong, if anything."""
    suite, source = job["suite"], Path(job["submission"]) / f"{job['suite'].kata}.py"
    outcome = {"tests": {}, "problem": None, "tampered": None, "wall_s": 0.0, "cpu_s": 0.0, "output_tail": ""}
    if not source.is_file():
        message = f"{NOT_ATTEMPTED}: {source.name} is not in the submission"
        outcome["tests"] = {nodeid: ("pending", message) for nodeid, _ in suite.tests}
        return outcome
    try:
        if source.is_symlink() or source.stat().st_size > MAX_SOURCE_BYTES:
            raise ValueError(f"it must be a plain file of at most {MAX_SOURCE_BYTES // 2**20} MB")
        compile(source.read_bytes(), source.name, "exec")
    except Exception as exc:  # SyntaxError, ValueError (null bytes), RecursionError...
        outcome["problem"] = f"{type(exc).__name__} in {source.name}: {exc}"
        outcome["tests"] = {nodeid: ("failed", outcome["problem"]) for nodeid, _ in suite.tests}
        return outcome
    folder = Path(tempfile.mkdtemp(prefix=f"grade-{suite.kata}-"))
    try:
        (folder / "submission").mkdir()
        shutil.copyfile(source, folder / "submission" / source.name)  # the one kata module, nothing else
        key = os.urandom(32).hex().encode()
        run = grade_sandbox.run_tests(
            folder, suite.files, folder / "submission", key, timeout=job["timeout"],
            memory_mb=job["memory_mb"], threads=job["threads"], confine=job["confine"], rootdir=suite.rootdir,
            extra_args=("-p", "tests.conftest") if suite.hidden else ())
        _judge(outcome, run, key, suite, job)
        outcome["tests"] = {nodeid: (status, _tidy(message, folder)) for nodeid, (status, message)
                            in outcome["tests"].items()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if job["watch"]:
        changed = changed_files(job["fingerprint"], fingerprint(job["watch"]))
        if changed and not (job["confine"] and grade_sandbox.landlock_abi()):
            outcome["tampered"] = [f"changed files outside its folder: {', '.join(changed[:5])}"]
        elif changed:
            outcome["changed_outside"] = changed  # not this child: it could not write there
    return outcome


def _tidy(message, folder):
    """A message without the temporary folder's name or the loader's module hash,
    so that grading the same submission twice gives the same text."""
    message = message.replace(f"{folder}/submission/", "").replace(str(folder), "<tmp>")
    return re.sub(r"_kata_impl_(\w+?)_\d+", r"\1", message)


def verified_events(lines, key):
    """The events whose signature checks out, in order; and how many lines did not."""
    events, forged, last = [], 0, 0
    for line in lines:
        mac, _, payload = line.partition(b" ")
        good = hmac.new(key, payload, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(mac, good):
            forged += 1
            continue
        event = json.loads(payload)
        if event["seq"] <= last:
            forged += 1
            continue
        last = event["seq"]
        events.append(event)
    return events, forged


def _judge(outcome, run, key, suite, job):
    events, forged = verified_events(run.lines, key)
    current, ended, tampered = None, False, []
    for event in events:
        if event["event"] == "start":
            current = event["nodeid"]
        elif event["event"] == "result":
            status = event["status"] if event["status"] in STATUSES else "failed"
            outcome["tests"][event["nodeid"]] = (status, str(event["message"])[:2000])
            current = None
        elif event["event"] == "tamper":
            tampered += [f"replaced {'the code of a hidden test' if suite.hidden and name.startswith('test ') else name}"
                         for name in event["changed"]]
        elif event["event"] == "end":
            ended = True
    if forged:
        tampered.append(f"{forged} unsigned or replayed lines in the grader's evidence pipe")
    outcome["tampered"] = tampered or None
    outcome["wall_s"], outcome["cpu_s"], outcome["output_tail"] = run.wall_s, run.cpu_s, run.output_tail
    during = "" if not current else " during a hidden test" if suite.hidden else \
        f" during {current.split('::', 1)[-1]}"
    rc = run.returncode
    if run.killed == "timeout":
        problem = f"timed out after {job['timeout']:g} s{during} (an endless loop?)"
    elif run.killed == "memory":
        problem = f"used more than {job['memory_mb']} MB of memory{during}"
    elif rc == -signal.SIGXFSZ:
        problem = f"wrote more than {grade_sandbox.FILE_LIMIT_MB} MB to a file or its output{during}"
    elif not ended and rc is not None and rc < 0:
        name = signal.Signals(-rc).name if -rc in signal.Signals._value2member_map_ else -rc
        problem = f"the test process was killed by {name}{during} (peak memory {run.peak_rss_mb:.0f} MB)"
    elif not ended:
        problem = (f"the test process exited with code {rc}{during} before the tests finished "
                   f"(sys.exit or os._exit in the submission?)")
    elif rc not in (0, 1):
        problem = f"pytest stopped with exit code {rc}"
    else:
        problem = None
    missing = [nodeid for nodeid, _ in suite.tests if nodeid not in outcome["tests"]]
    if missing and problem is None:
        problem = f"{len(missing)} tests did not run"
    if problem is None and any(message.startswith("MemoryError") or "error in setup: MemoryError" in message
                               for _, message in outcome["tests"].values()):
        problem = f"ran out of memory (the limit is {job['memory_mb']} MB): MemoryError"
    for nodeid in missing:
        outcome["tests"][nodeid] = ("failed", problem if nodeid == current else f"did not run: {problem}")
    outcome["problem"] = problem


# ----------------------------------------------------------------- scoring

def score(name, path, suites_, outcomes, sandbox=None):
    """The grade of one submission from its suites' outcomes (a plain dict)."""
    grade = {"submission": name, "path": str(path), "score": 0, "max_score": 0, "katas": {},
             "tests": [], "notes": [], "execution_time": 0.0, "cpu_time": 0.0, "sandbox": sandbox or grade_sandbox.SANDBOX}
    for suite, outcome in zip(suites_, outcomes):
        k = grade["katas"].setdefault(suite.kata, {
            "score": 0, "max_score": 0, "status": "", "passed": 0, "failed": 0, "not_attempted": 0,
            "skipped": 0, "first_failure": None, "problem": None, "hidden_total": 0, "hidden_passed": 0,
            "hidden_score": 0, "hidden_max_score": 0, "pending_all": True})
        grade["execution_time"] += outcome["wall_s"]
        grade["cpu_time"] += outcome["cpu_s"]
        tampered = outcome["tampered"]
        if tampered:
            k["problem"] = "harness tampering detected, the kata scores 0: " + "; ".join(tampered[:5])
        elif outcome["problem"] and not k["problem"]:
            k["problem"] = outcome["problem"] + (" [hidden tests]" if suite.hidden else "")
            if not suite.hidden and outcome["output_tail"]:
                k["output_tail"] = outcome["output_tail"][-800:]
        if outcome.get("changed_outside"):
            grade["notes"].append("the project changed while this submission was graded (not by it): "
                                  + ", ".join(outcome["changed_outside"][:5]))
        for number, (nodeid, points) in enumerate(suite.tests, 1):
            status, message = outcome["tests"].get(nodeid, ("failed", "no result"))
            earned = points if status == "passed" and not tampered else 0
            k["score"] += earned
            k["max_score"] += points
            k["pending_all"] &= status == "pending"
            counter = {"passed": "passed", "pending": "not_attempted", "skipped": "skipped"}.get(status, "failed")
            k[counter] += 1
            test_name = nodeid.split("::", 1)[-1]
            if suite.hidden:
                k["hidden_total"] += 1
                k["hidden_passed"] += status == "passed"
                k["hidden_score"] += earned
                k["hidden_max_score"] += points
                test_name, message = f"hidden test {number}", ""
            elif status == "failed" and k["first_failure"] is None:
                k["first_failure"] = (test_name, message)
            if status == "pending":
                message = message if message.startswith(NOT_ATTEMPTED) else f"{NOT_ATTEMPTED} ({message})"
            elif status == "skipped":
                message = f"skipped: {message}"
            grade["tests"].append({"kata": suite.kata, "name": test_name, "score": earned,
                                   "max_score": points, "status": status, "output": message,
                                   "hidden": suite.hidden})
    for kata, k in grade["katas"].items():
        if k["problem"] and k["problem"].startswith("harness tampering"):
            k["status"] = "tampered"
        elif k["pending_all"]:
            k["status"] = NOT_ATTEMPTED
        elif k["failed"] == k["not_attempted"] == k["skipped"] == 0:
            k["status"] = "done"
        else:
            k["status"] = "in progress"
        del k["pending_all"]
        grade["score"] += k["score"]
        grade["max_score"] += k["max_score"]
    return grade


# ------------------------------------------------------------ many at once

def _names(paths):
    """A unique, readable name per submission folder."""
    names, seen = [], {}
    for path in paths:
        base = Path(path).resolve().name or "submission"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return names


def grade(submissions, *, katas=None, extra_tests=None, jobs=None, timeout=DEFAULT_TIMEOUT,
          memory_mb=DEFAULT_MEMORY_MB, progress=True, watch=None, confine=True):
    """Grade every submission folder; return their grades (dicts), in order."""
    submissions = [Path(s).resolve() for s in submissions]
    for s in submissions:
        if not s.is_dir():
            raise GradingError(f"{s} is not a folder")
    all_suites = suites(katas, extra_tests)
    cores = os.cpu_count() or 1
    jobs = max(1, min(jobs or cores, len(submissions) * len(all_suites)))
    watch = [ROOT / w for w in WATCHED] if watch is None else list(watch)
    base = {"timeout": timeout, "memory_mb": memory_mb, "threads": max(1, cores // jobs),
            "watch": watch, "fingerprint": fingerprint(watch), "confine": confine}
    work = [(i, j, dict(base, submission=str(s), suite=suite))
            for i, s in enumerate(submissions) for j, suite in enumerate(all_suites)]
    outcomes = [[None] * len(all_suites) for _ in submissions]
    left = [len(all_suites)] * len(submissions)
    bar = _progress(len(submissions), progress)
    context = multiprocessing.get_context("forkserver")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context,
                                                initializer=grade_sandbox.become_subreaper) as pool:
        futures = {pool.submit(run_job, job): (i, j) for i, j, job in work}
        for future in concurrent.futures.as_completed(futures):
            i, j = futures[future]
            try:
                outcomes[i][j] = future.result()
            except Exception as exc:  # the grader's own worker died: grade the rest anyway
                outcomes[i][j] = {"tests": {}, "problem": f"grader error: {exc!r}", "tampered": None,
                                  "wall_s": 0.0, "cpu_s": 0.0, "output_tail": ""}
            left[i] -= 1
            if left[i] == 0:
                bar.update(1)
    bar.close()
    return [score(name, path, all_suites, outcome)
            for name, path, outcome in zip(_names(submissions), submissions, outcomes)]


def _progress(total, enabled):
    from tqdm import tqdm
    return tqdm(total=total, unit="submission", desc="grading", disable=not enabled, file=sys.stderr)


def write(grades, out, *, single):
    """Write the reports; a class also gets gradebook.csv. Returns the paths written."""
    out = Path(out)
    written = []
    for g in grades:
        folder = out if single else out / g["submission"]
        grade_report.write_submission(g, folder)
        written += [folder / "results.json", folder / "report.md"]
    if not single:
        katas = list(dict.fromkeys(k for g in grades for k in g["katas"]))
        grade_report.write_atomic(out / "gradebook.csv", grade_report.gradebook(grades, katas))
        written.append(out / "gradebook.csv")
    return written


# ------------------------------------------------------------------- CLI

def class_folder(path):
    """The submission folders inside a class folder (one per learner)."""
    path = Path(path)
    if not path.is_dir():
        raise GradingError(f"{path} is not a folder")
    return sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def is_class_folder(path):
    """True for a folder with no kata module of its own but sub-folders that have some."""
    path = Path(path)
    own = any((path / f"{k}.py").exists() for k in progression.KATAS)
    return not own and any(any((sub / f"{k}.py").exists() for k in progression.KATAS)
                           for sub in class_folder(path))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m common.grading", description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--submission", help="one learner's folder of kata modules")
    which.add_argument("--submissions", nargs="+", help="several learners' folders")
    which.add_argument("--class-dir", help="a folder holding one folder per learner")
    parser.add_argument("--out", help="where the reports go (default: grades/ or grades/<name>/)")
    parser.add_argument("--extra-tests", help="a folder of hidden test_<kata>.py files that count in the score")
    parser.add_argument("--jobs", type=int, default=None, help="kata runs in parallel (default: the core count)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per kata run")
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory per kata run")
    parser.add_argument("--katas", help="grade only these katas (comma separated)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    single = bool(args.submission)
    started = time.monotonic()
    try:
        paths = ([args.submission] if single else args.submissions or class_folder(args.class_dir))
        if not single and len(paths) == 1 and is_class_folder(paths[0]):
            paths = class_folder(paths[0])  # SUBMISSIONS=a folder of folders
        if not paths:
            raise GradingError("no submissions to grade")
        grades = grade(paths, katas=args.katas.split(",") if args.katas else None,
                       extra_tests=args.extra_tests, jobs=args.jobs, timeout=args.timeout,
                       memory_mb=args.memory_mb, progress=not args.no_progress)
    except (GradingError, ValueError) as exc:
        print(f"grading: {exc}", file=sys.stderr)
        return 2
    default = ROOT / "grades" / grades[0]["submission"] if single else ROOT / "grades"
    out = Path(args.out) if args.out else default
    written = write(grades, out, single=single)
    for g in grades:
        print(f"{g['submission']}: {grade_report._num(g['score'])} / {grade_report._num(g['max_score'])}"
              + "".join(f"\n  {k}: {kata['status']}, {grade_report._num(kata['score'])} / "
                        f"{grade_report._num(kata['max_score'])}" + (f" ({kata['problem']})" if kata["problem"] else "")
                        for k, kata in g["katas"].items()))
    print(f"reports: {out}" + (f" (gradebook: {out / 'gradebook.csv'})" if not single else ""))
    print(f"graded {len(grades)} submission(s) in {time.monotonic() - started:.0f} s "
          f"({sum(g['cpu_time'] for g in grades):.0f} s of CPU in the kata runs, "
          f"{os.cpu_count()} cores, {args.jobs or os.cpu_count()} jobs)")
    notes = {n for g in grades for n in g["notes"]}
    for note in sorted(notes):
        print(f"warning: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
