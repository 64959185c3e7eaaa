"""Run every (submission, kata) job in a pool of workers, each job one confined
child (common/grading/sandbox.py), and judge the signed evidence it sends
back (common/grading/plugin.py)."""
import ast
import concurrent.futures
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from common.course import ROOT
from common import policy
from common.grading import sandbox
from common.grading.results import NOT_ATTEMPTED, score
from common.harness.status import Outcome
from common.grading.suites import GradingError, suites

DEFAULT_TIMEOUT = 300     # seconds per kata run
DEFAULT_MEMORY_MB = 4096  # heap (RLIMIT_DATA) and resident memory per kata run
STATUSES = tuple(o.value for o in Outcome)
# What a grading run must leave untouched: the tests, the harness, the references.
WATCHED = ("tests", "common", "solutions", "katas", "pytest.ini", "Makefile", "README.md")
MAX_SOURCE_BYTES = 2**20  # a kata module larger than this is not graded
SKIP_DIRS = {"__pycache__", ".hypothesis", ".pytest_cache", ".benchmarks", "data"}


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


def is_untouched_stub(tree, kata):
    """True when a submission's module is the course's stub, up to formatting and comments."""
    stub = ROOT / "katas" / f"{kata}.py"
    return stub.is_file() and ast.dump(tree) == ast.dump(ast.parse(stub.read_bytes()))


def run_job(job):
    """Grade one suite of one submission (runs in a worker thread; the tests
    run in a confined child process): returns {nodeid: (status, message)}
    plus what went wrong, if anything."""
    suite, source = job["suite"], Path(job["submission"]) / f"{job['suite'].kata}.py"
    outcome = {"tests": {}, "problem": None, "tampered": None, "wall_s": 0.0, "cpu_s": 0.0, "output_tail": "",
               "started": time.monotonic()}
    try:
        return _run_job(job, suite, source, outcome)
    finally:
        outcome["ended"] = time.monotonic()


def _run_job(job, suite, source, outcome):
    if not source.is_file():
        message = f"{NOT_ATTEMPTED}: {source.name} is not in the submission"
        outcome["tests"] = {nodeid: (NOT_ATTEMPTED, message) for nodeid, _ in suite.tests}
        return outcome
    try:
        if source.is_symlink() or source.stat().st_size > MAX_SOURCE_BYTES:
            raise ValueError(f"it must be a plain file of at most {MAX_SOURCE_BYTES // 2**20} MB")
        tree = ast.parse(source.read_bytes(), source.name)
    except Exception as exc:  # SyntaxError, ValueError (null bytes), RecursionError...
        outcome["problem"] = f"{type(exc).__name__} in {source.name}: {exc}"
        outcome["tests"] = {nodeid: ("failed", outcome["problem"]) for nodeid, _ in suite.tests}
        return outcome
    if is_untouched_stub(tree, suite.kata):  # nothing to run: no child process
        message = f"{NOT_ATTEMPTED}: {source.name} is the untouched stub"
        outcome["tests"] = {nodeid: (NOT_ATTEMPTED, message) for nodeid, _ in suite.tests}
        return outcome
    violations = policy.check_source(source.read_bytes(), source.name)
    if violations:  # nothing of it runs
        shown = "; ".join(str(v) for v in violations[:5])
        outcome["problem"] = f"{source.name} breaks the kata rules (common/policy.py): {shown}"
        outcome["tests"] = {nodeid: (str(Outcome.BROKEN), outcome["problem"]) for nodeid, _ in suite.tests}
        return outcome
    folder = Path(tempfile.mkdtemp(prefix=f"grade-{suite.kata}-"))
    try:
        (folder / "submission").mkdir()
        shutil.copyfile(source, folder / "submission" / source.name)  # the one kata module, nothing else
        key = os.urandom(32).hex().encode()
        run = sandbox.run_tests(
            folder, suite.files, folder / "submission", key, kata_file=folder / "submission" / source.name,
            timeout=job["timeout"], memory_mb=job["memory_mb"], threads=job["threads"],
            confined=job["confine"], rootdir=suite.rootdir)
        _judge(outcome, run, key, suite, job)
        outcome["tests"] = {nodeid: (status, _tidy(message, folder)) for nodeid, (status, message)
                            in outcome["tests"].items()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if job["watch"]:
        changed = changed_files(job["fingerprint"], fingerprint(job["watch"]))
        if changed and not (job["confine"] and sandbox.landlock_abi()):
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


def _tamper_text(name, hidden):
    """What the report says of one tamper event (never a hidden test's name)."""
    if name.startswith("refused at run time"):
        return name
    if hidden and name.startswith("test "):
        return "replaced the code of a hidden test"
    return f"replaced {name}"


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
            tampered += [_tamper_text(name, suite.hidden) for name in event["changed"]]
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
        problem = f"wrote more than {sandbox.FILE_LIMIT_MB} MB to a file or its output{during}"
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


# What the grader writes beside the learners' folders: no learner may take these names.
RESERVED_NAMES = frozenset({"gradebook.csv", "class.md", "class.png", "results.json", "report.md"})


def safe_name(name):
    """A folder name that is safe in a path and a CSV: letters, digits, '.', '-', '_'."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip(".") or "submission"
    return cleaned


def unique_names(paths):
    """A unique, safe name per submission folder, and a warning for each name
    that had to change: ada, ada, ada-2 become ada, ada-3, ada-2 (a suffix
    never takes another folder's own name); reserved output names get
    '-learner' appended."""
    bases = [safe_name(Path(p).resolve().name) for p in paths]
    wanted = set(bases)
    taken, names, warnings = set(), [], []
    for path, base in zip(paths, bases):
        name = f"{base}-learner" if base in RESERVED_NAMES else base
        number = 2
        while name in taken:
            name = f"{base}-{number}"
            number += 1
            if name in wanted:
                name = base  # that one belongs to another folder: keep counting
        taken.add(name)
        names.append(name)
        if name != Path(path).resolve().name:
            warnings.append(f"{path} is graded as {name!r} (another learner has its name, or the "
                            "name is one the grader writes, or it holds characters a report cannot)")
    return names, warnings


def grade(submissions, *, katas=None, extra_tests=None, jobs=None, timeout=DEFAULT_TIMEOUT,
          memory_mb=DEFAULT_MEMORY_MB, progress=True, watch=None, confine=True, run_deadline=None,
          points=None):
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
    sandbox.become_subreaper()
    deadline = run_deadline or (sandbox.STARTUP_LIMIT + timeout + 60) * -(-len(work) // jobs)
    # Threads, not processes: each job's work happens in its child process, and
    # a pool of worker processes would give the children a socket and
    # semaphores to attack (multiprocessing's forkserver, /dev/shm).
    with concurrent.futures.ThreadPoolExecutor(jobs, thread_name_prefix="grade") as pool:
        futures = {pool.submit(run_job, job): (i, j) for i, j, job in work}
        try:
            for future in concurrent.futures.as_completed(futures, timeout=deadline):
                i, j = futures[future]
                try:
                    outcomes[i][j] = future.result()
                except Exception as exc:  # the grader's own error: grade the rest anyway, fail loudly
                    outcomes[i][j] = _grader_error(f"grader error: {exc!r}")
                left[i] -= 1
                if left[i] == 0:
                    bar.update(1)
        except concurrent.futures.TimeoutError:
            for future in futures:
                future.cancel()
            sandbox.kill_children()
            for future, (i, j) in futures.items():
                if outcomes[i][j] is None:
                    outcomes[i][j] = _grader_error(f"grader error: the whole run passed its deadline "
                                                   f"of {deadline:.0f} s")
    bar.close()
    names, warnings = unique_names(submissions)
    grades = [score(name, path, all_suites, outcome, points=points)
              for name, path, outcome in zip(names, submissions, outcomes)]
    for grade_, warning in ((g, w) for g in grades for w in warnings if f"graded as {g['submission']!r}" in w):
        grade_["notes"].append(warning)
    return grades


def _grader_error(problem):
    return {"tests": {}, "problem": problem, "tampered": None, "wall_s": 0.0, "cpu_s": 0.0,
            "output_tail": "", "grader_error": True}


def _progress(total, enabled):
    from tqdm import tqdm
    return tqdm(total=total, unit="submission", desc="grading", disable=not enabled, file=sys.stderr)
