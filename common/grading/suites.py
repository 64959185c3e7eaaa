"""The tests of each kata and their points, from a collection run in which
no submission code runs (the ``points`` marker: ``@pytest.mark.points(n)``).

A collection costs about 3 s, so what it found is kept: in this process,
and on disk in .grading-cache/collected.json under a digest of everything it
depends on (the tests, their helpers, pytest.ini, the harness, the grader,
the references, the versions of Python, pytest and hypothesis). Grading a
stub, or one learner, then starts at once; the Gradescope image fills the
cache when it is built (``python -m common.grading.autograder prepare``).
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from common import course
from common.course import ROOT

CACHE = ROOT / ".grading-cache" / "collected.json"
CACHE_ENTRIES = 16  # the digests kept: the newest ones


class GradingError(RuntimeError):
    """The grader itself cannot go on (the instructor's setup, not a submission)."""


class Suite:
    """The tests of one kata, public or hidden, with their points."""

    def __init__(self, kata, files, tests, hidden=False, rootdir=ROOT):
        self.kata, self.files, self.tests, self.hidden = kata, files, tests, hidden  # tests: [(nodeid, points)]
        self.rootdir = rootdir  # test ids are relative to it

    @property
    def max_score(self):
        return sum(points for _, points in self.tests)


_collected = {}  # what collect() found in this process, by digest


def collect(files, *, rootdir=ROOT, timeout=300):
    """[(nodeid, points)] of ``files``' tests, collected once while nothing
    they depend on changes: kept in this process (a class graded in one run,
    the grader's own tests) and on disk (the next run, another learner)."""
    digest = _digest(files, rootdir)  # about 5 ms
    if digest not in _collected:
        tests = _cached().get(digest, {}).get("tests")
        if tests is None:
            tests = _collect(files, rootdir=rootdir, timeout=timeout)
            _store(digest, tests)
        _collected[digest] = [tuple(t) for t in tests]
    return list(_collected[digest])


def _digest(files, rootdir):
    """sha256 of everything a collection of ``files`` depends on."""
    digest = hashlib.sha256(f"{sys.version}|{rootdir}".encode())
    for package in ("pytest", "hypothesis"):
        digest.update(f"|{package} {metadata.version(package)}".encode())
    paths = [*map(Path, files), Path(rootdir) / "conftest.py", ROOT / "pytest.ini",
             *sorted((ROOT / "tests").glob("*.py")), *sorted((ROOT / "common").rglob("*.py")),
             *sorted((ROOT / "solutions").glob("*.py"))]
    for path in paths:
        if path.is_file():
            digest.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _cached():
    try:
        cached = json.loads(CACHE.read_text())
        return cached if isinstance(cached, dict) else {}
    except (OSError, ValueError):
        return {}


def _store(digest, tests):
    """Keep ``tests`` under ``digest`` (with the newest others); a cache that
    cannot be written is only slower."""
    entries = _cached()
    if digest in entries:
        return  # another run stored it meanwhile: the file stays as it is
    entries[digest] = {"tests": tests}
    kept = dict(list(entries.items())[-CACHE_ENTRIES:])
    try:
        CACHE.parent.mkdir(exist_ok=True)
        partial = CACHE.with_name(f"{CACHE.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(kept) + "\n")
        partial.replace(CACHE)
    except OSError:
        pass


def _collect(files, *, rootdir=ROOT, timeout=300):
    """[(nodeid, points)] of the tests in ``files``, from a ``--collect-only`` run
    that imports no submission code. It leaves the bytecode of what it imports
    (the tests, assertions rewritten, the harness, the references) in the
    project's ``__pycache__`` folders, where the grading children, which
    write none, find it: each of them would compile it again (0.7 s a kata)."""
    with tempfile.TemporaryDirectory(prefix="grade-collect-") as tmp:
        target = Path(tmp) / "tests.json"
        env = dict(os.environ, GRADE_COLLECT_FILE=str(target), PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("KATA_IMPL", None)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "common.grading.plugin", "-c", str(ROOT / "pytest.ini"),
             "--rootdir", str(rootdir), "--collect-only", "-q", *map(str, files)],
            cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not target.exists():
            raise GradingError(f"collecting {', '.join(map(str, files))} failed:\n"
                               f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
        return [tuple(t) for t in json.loads(target.read_text())["tests"]]


def suites(katas=None, extra_tests=None):
    """The public (and hidden) test suites of the katas to grade."""
    katas = [course.check_name(k) for k in (katas or course.available())]
    files = {k: course.test_file(k) for k in katas if course.test_file(k).exists()}
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
