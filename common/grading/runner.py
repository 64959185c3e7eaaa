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
from common.grading import plugin, sandbox
from common.grading.results import NOT_ATTEMPTED, score
from common.harness.status import Outcome
from common.grading.suites import GradingError, suites

DEFAULT_TIMEOUT = 300     # seconds a test child may run
DEFAULT_MEMORY_MB = 4096  # heap (RLIMIT_DATA) and resident memory of a test child
STATUSES = tuple(o.value for o in Outcome)
# About how many seconds each kata's tests take on its reference (two cores), to
# split one learner's katas evenly over the workers; a kata not listed counts 2.
TEST_SECONDS = {"iterators": 2.2, "conv_shapes": 2.5, "visualize": 2.2, "unrolled_rnn": 2.0,
                "textgen": 3.5, "dcgan_module": 1.4, "dcgan_gluon": 4.0, "cgan": 2.1}
# What a grading run must leave untouched: the tests, the harness, the references.
WATCHED = ("tests", "common", "solutions", "katas", "pytest.ini", "Makefile", "README.md", ".grading-cache")
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


def _outcome(**fields):
    """A suite's outcome: its tests' (status, message) by test id, what went wrong, the cost."""
    now = time.monotonic()
    return dict({"tests": {}, "problem": None, "tampered": None, "wall_s": 0.0, "cpu_s": 0.0,
                 "output_tail": "", "started": now, "ended": now}, **fields)


def precheck(suite, submission):
    """The outcome of a suite that no child needs to run (its module is
    missing, unreadable, the untouched stub or against the kata rules), else None."""
    source = Path(submission) / f"{suite.kata}.py"

    def every_test(status, message, problem=None):
        return _outcome(tests={nodeid: (status, message) for nodeid, _ in suite.tests}, problem=problem)
    if not source.is_file():
        return every_test(NOT_ATTEMPTED, f"{NOT_ATTEMPTED}: {source.name} is not in the submission")
    try:
        if source.is_symlink() or source.stat().st_size > MAX_SOURCE_BYTES:
            raise ValueError(f"it must be a plain file of at most {MAX_SOURCE_BYTES // 2**20} MB")
        tree = ast.parse(source.read_bytes(), source.name)
    except Exception as exc:  # SyntaxError, ValueError (null bytes), RecursionError...
        problem = f"{type(exc).__name__} in {source.name}: {exc}"
        return every_test("failed", problem, problem)
    if is_untouched_stub(tree, suite.kata):
        return every_test(NOT_ATTEMPTED, f"{NOT_ATTEMPTED}: {source.name} is the untouched stub")
    violations = policy.check_source(source.read_bytes(), source.name)
    if violations:  # nothing of it runs
        shown = "; ".join(str(v) for v in violations[:5])
        problem = f"{source.name} breaks the kata rules (common/policy.py): {shown}"
        return every_test(str(Outcome.BROKEN), problem, problem)
    return None


def run_chunk(job):
    """Grade the suites ``job["suites"]`` of one submission, each past its
    precheck (a worker thread's share of the work; the tests run in confined
    child processes). They run together in one child, as `make test` runs
    them, which starts Python, MXNet and pytest once instead of once a kata.
    A suite whose tests did not all pass there, or that a crash, a timeout or
    tampering interrupted, is graded again alone: its grade never depends on
    another kata's code, and a problem is pinned on the kata that caused it.
    Returns the suites' outcomes, in order."""
    started, suites = time.monotonic(), job["suites"]
    together = _run_child(job, suites)
    if len(suites) == 1:
        outcomes = [_finish(suites[0], together)]
    else:
        kept, outcomes = _kept(suites, together), []
        wall, cpu = together["wall_s"] / len(suites), together["cpu_s"] / len(suites)  # the shared run, split
        for suite in suites:
            if suite in kept:
                outcome = _finish(suite, together, kept=True)
                outcome["wall_s"], outcome["cpu_s"] = wall, cpu
            else:
                outcome = _finish(suite, _run_child(job, [suite]))
                outcome["wall_s"] += wall
                outcome["cpu_s"] += cpu
            outcomes.append(outcome)
    for outcome in outcomes:
        outcome["started"], outcome["ended"] = started, time.monotonic()
    return outcomes


KEPT_STATUSES = {"passed", "skipped", str(Outcome.PENDING), NOT_ATTEMPTED}


def _kept(suites, together):
    """The suites whose results from a shared child stand: every test ran and
    none failed, and nothing was tampered with. (A crash or a timeout leaves
    the test it interrupted without a result: that kata runs again alone.)"""
    if together["tampered"] or (together["problem"] and together["current"] is None):
        return []  # tampering, or a problem no test was running for: everybody's, run again
    results = together["tests"]
    return [suite for suite in suites if all(
        nodeid in results and results[nodeid][0] in KEPT_STATUSES for nodeid, _ in suite.tests)]


def _finish(suite, judged, kept=False):
    """One suite's outcome from a child's judged evidence; a suite ``kept``
    from a shared child does not carry that run's problem (another kata's)."""
    problem = None if kept else judged["problem"]
    tests = {nodeid: judged["tests"][nodeid] for nodeid, _ in suite.tests if nodeid in judged["tests"]}
    missing = [nodeid for nodeid, _ in suite.tests if nodeid not in tests]
    if missing and problem is None:
        problem = f"{len(missing)} tests did not run"
    if problem is None and any(message.startswith("MemoryError") or "error in setup: MemoryError" in message
                               for _, message in tests.values()):
        problem = f"ran out of memory (the limit is {judged['memory_mb']} MB): MemoryError"
    for nodeid in missing:
        tests[nodeid] = ("failed", problem if nodeid == judged["current"] else f"did not run: {problem}")
    outcome = _outcome(tests=tests, problem=problem, tampered=judged["tampered"], wall_s=judged["wall_s"],
                       cpu_s=judged["cpu_s"], output_tail=judged["output_tail"])
    if judged.get("changed_outside"):
        outcome["changed_outside"] = judged["changed_outside"]
    return outcome


def _run_child(job, suites):
    """Run ``suites`` of one submission in one confined child on copies of
    their kata modules; return the judged evidence (see ``_judge``)."""
    prefix = f"grade-{suites[0].kata}-" if len(suites) == 1 else "grade-katas-"
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        (folder / "submission").mkdir()
        modules = [folder / "submission" / f"{suite.kata}.py" for suite in suites]
        for suite, module in zip(suites, modules):  # the kata modules, nothing else
            shutil.copyfile(Path(job["submission"]) / module.name, module)
        key = os.urandom(32).hex().encode()
        run = sandbox.run_tests(
            folder, [file for suite in suites for file in suite.files], folder / "submission", key,
            kata_files=modules, timeout=job["timeout"], memory_mb=job["memory_mb"], threads=job["threads"],
            confined=job["confine"], rootdir=suites[0].rootdir)
        judged = _judge(run, key, suites[0].hidden, job)
        judged["tests"] = {nodeid: (status, _tidy(message, folder))
                           for nodeid, (status, message) in judged["tests"].items()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if job["watch"]:
        changed = changed_files(job["fingerprint"], fingerprint(job["watch"]))
        if changed and not (job["confine"] and sandbox.landlock_abi()):
            judged["tampered"] = [f"changed files outside its folder: {', '.join(changed[:5])}"]
        elif changed:
            judged["changed_outside"] = changed  # not this child: it could not write there
    return judged


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


def _judge(run, key, hidden, job):
    """What one child's signed evidence says: each test's (status, message),
    tampering, the test running when it ended, and what went wrong (a
    timeout, a crash, an early exit), in words."""
    events, forged = verified_events(run.lines, key)
    judged = {"tests": {}, "current": None, "memory_mb": job["memory_mb"], "wall_s": run.wall_s,
              "cpu_s": run.cpu_s, "output_tail": run.output_tail}
    ended, tampered = False, []
    for event in events:
        if event["event"] == "start":
            judged["current"] = event["nodeid"]
        elif event["event"] == "result":
            status = event["status"] if event["status"] in STATUSES else "failed"
            judged["tests"][event["nodeid"]] = (status, str(event["message"])[:2000])
            judged["current"] = None
        elif event["event"] == "tamper":
            tampered += [_tamper_text(name, hidden) for name in event["changed"]]
        elif event["event"] == "end":
            ended = True
    if forged:
        tampered.append(f"{forged} unsigned or replayed lines in the grader's evidence pipe")
    judged["tampered"] = tampered or None
    current = judged["current"]
    during = "" if not current else " during a hidden test" if hidden else f" during {current.split('::', 1)[-1]}"
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
        problem = plugin.STOPPED if tampered else f"pytest stopped with exit code {rc}"
    else:
        problem = None
    judged["problem"] = problem
    return judged


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
    outcomes = [[precheck(suite, s) for suite in all_suites] for s in submissions]
    cores = os.cpu_count() or 1
    chunks = _chunks(outcomes, all_suites, jobs or cores)
    jobs = max(1, min(jobs or cores, len(chunks)))
    watch = [ROOT / w for w in WATCHED] if watch is None else list(watch)
    base = {"timeout": timeout, "memory_mb": memory_mb, "threads": max(1, cores // jobs),
            "watch": watch, "fingerprint": fingerprint(watch), "confine": confine}
    work = [(i, numbers, dict(base, submission=str(submissions[i]), suites=[all_suites[j] for j in numbers]))
            for i, numbers in chunks]
    left = [sum(1 for i_, _ in chunks if i_ == i) for i in range(len(submissions))]  # chunks to come
    bar = _progress(len(submissions), progress)
    bar.update(left.count(0))
    sandbox.become_subreaper()
    # a chunk of n suites runs one child, and n more when none of its results stand
    runs = [1 if len(numbers) == 1 else 1 + len(numbers) for _, numbers in chunks]
    deadline = run_deadline or (sandbox.STARTUP_LIMIT + timeout + 60) * max(-(-sum(runs) // jobs), *runs, 1)
    # Threads, not processes: each job's work happens in its child process, and
    # a pool of worker processes would give the children a socket and
    # semaphores to attack (multiprocessing's forkserver, /dev/shm).
    with concurrent.futures.ThreadPoolExecutor(jobs, thread_name_prefix="grade") as pool:
        futures = {pool.submit(run_chunk, job): (i, numbers) for i, numbers, job in work}
        try:
            for future in concurrent.futures.as_completed(futures, timeout=deadline):
                i, numbers = futures[future]
                try:
                    for j, outcome in zip(numbers, future.result()):
                        outcomes[i][j] = outcome
                except Exception as exc:  # the grader's own error: grade the rest anyway, fail loudly
                    for j in numbers:
                        outcomes[i][j] = _grader_error(f"grader error: {exc!r}")
                left[i] -= 1
                if left[i] == 0:
                    bar.update(1)
        except concurrent.futures.TimeoutError:
            for future in futures:
                future.cancel()
            sandbox.kill_children()
            for i, numbers in futures.values():
                for j in numbers:
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


def _chunks(outcomes, all_suites, jobs):
    """[(submission number, [suite numbers])]: the suites each submission
    still has to run (no outcome yet), in as many chunks as keep ``jobs``
    workers busy (one a submission for a class, up to ``jobs`` for one
    learner), a chunk's suites sharing their test folder (public or hidden)
    and about the same running time (TEST_SECONDS)."""
    def seconds(suite):
        return TEST_SECONDS.get(suite.kata, 2.0)
    per_submission = -(-jobs // max(1, len(outcomes)))
    chunks = []
    for i, decided in enumerate(outcomes):
        groups = {}
        for j, suite in enumerate(all_suites):
            if decided[j] is None:
                groups.setdefault(str(suite.rootdir), []).append(j)
        for numbers in groups.values():
            shares = [[] for _ in range(min(per_submission, len(numbers)))]
            sizes = [0] * len(shares)
            for j in sorted(numbers, key=lambda j: -seconds(all_suites[j])):  # longest first, to the lightest
                lightest = sizes.index(min(sizes))
                shares[lightest].append(j)
                sizes[lightest] += seconds(all_suites[j])
            chunks += [(i, sorted(share)) for share in shares]
    return chunks


def _grader_error(problem):
    return {"tests": {}, "problem": problem, "tampered": None, "wall_s": 0.0, "cpu_s": 0.0,
            "output_tail": "", "grader_error": True}


def _progress(total, enabled):
    from tqdm import tqdm
    return tqdm(total=total, unit="submission", desc="grading", disable=not enabled, file=sys.stderr)
