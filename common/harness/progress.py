"""What the last runs found, kept between runs in a small JSON file.

``make test KATA=conv_shapes`` runs one kata; the report still shows the
others as their last run left them, not as "not run". ``make test`` and
``make watch`` pass ``--progress-file .kata-progress.json`` (git-ignored);
a plain ``pytest`` run, the grader and the mutant runner pass nothing and
write nothing. ``make hint`` keeps there which hint level each kata has
shown.

The file, version 1::

    {"version": 1,
     "runs": {"katas": {"iterators": {"status": "in progress", "passed": 30, "total": 34,
                                     "first_failure": [test, message] or null,
                                     "next_function": [function, tests] or null,
                                     "digest": sha256 of the module file, "time": unix seconds}}},
     "hints": {"iterators": 2}}

Writes go to a temporary file in the same folder, then ``os.replace``: a
reader never sees half a file. A missing or unreadable file is an empty
state.
"""
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from common import course
from common.course import ROOT
from common.harness.status import Status

FILE = ROOT / ".kata-progress.json"
VERSION = 1


def empty():
    return {"version": VERSION, "runs": {}, "hints": {}}


def load(path=FILE):
    """The state in ``path``; an empty one when it is missing, unreadable or of another version."""
    try:
        state = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return empty()
    if not isinstance(state, dict) or state.get("version") != VERSION:
        return empty()
    state.setdefault("runs", {})
    state.setdefault("hints", {})
    return state


def save(state, path=FILE):
    """Write ``state`` to ``path`` atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as f:
            json.dump(state, f, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def update(change, path=FILE):
    """Load the state, let ``change(state)`` edit it, save it; return it."""
    state = load(path)
    change(state)
    save(state, path)
    return state


def impl_key(impl):
    """How an implementation is named in the file: katas, solutions or a resolved path."""
    return impl if impl in ("katas", "solutions") else str(Path(impl).expanduser().resolve())


def digest(path):
    """sha256 of a file, or None when it cannot be read (tells a stale entry)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def record_runs(rows, impl, path=FILE, now=None):
    """Store this run's rows ({kata: row dict}) for ``impl``, keeping the other katas'."""
    stamp = time.time() if now is None else now

    def change(state):
        runs = state["runs"].setdefault(impl_key(impl), {})
        for kata, row in rows.items():
            runs[kata] = dict(row, time=stamp)
    return update(change, path)


def last_runs(impl, path=FILE):
    """{kata: row dict} of the last complete run of each kata under ``impl``."""
    return load(path)["runs"].get(impl_key(impl), {})


def current_kata(impl, path=FILE):
    """The kata you are on: the first, in course order, whose last run was not
    done (the last kata once every one is)."""
    runs = last_runs(impl, path) if path else {}
    for kata in course.COURSE:
        if kata.tests.exists() and runs.get(kata.name, {}).get("status") != Status.DONE.value:
            return kata.name
    return course.KATAS[-1]


def hints_shown(kata, path=FILE):
    """The highest hint level shown for ``kata`` so far (0 for none)."""
    return int(load(path)["hints"].get(kata, 0))


def record_hint(kata, level, path=FILE):
    """Remember that hint ``level`` of ``kata`` was shown."""
    def change(state):
        state["hints"][kata] = max(int(state["hints"].get(kata, 0)), level)
    return update(change, path)
