"""The pytest plugin that runs inside a grading child (``-p common.grading.plugin``).

The grader (common/grading/runner.py) never believes what a child prints: a
submission runs in the same interpreter as pytest and could patch pytest to
call every test a pass, print a fake summary or write its own results file.
So the evidence comes through a channel it cannot fake without reading the
grader's memory:

- the parent writes a fresh random key into a pipe; this plugin reads it in
  ``pytest_configure`` and closes the pipe, long before the submission is
  imported (the ``kata`` fixture imports it when the first test starts);
- after each test's teardown, the plugin sends one line per event into a second
  pipe, each line signed with HMAC-SHA256 under that key and numbered, so the
  parent drops lines the submission wrote, replayed or reordered;
- before the first test, it records every function and class of pytest,
  pluggy, numpy.testing, hypothesis, the tests, the harness (common) and the
  references (solutions), the hook implementations and each test's code; after
  each test it checks that none was replaced. A replacement is reported as
  tampering, the run stops there and the parent gives the kata 0.

What this does not stop: code that digs the key out of this process's memory
(or the key-holding closure) can sign anything. The parent also decides which
tests exist and what they are worth (from a collection run with no submission
code in it), so a forged line can at most claim a pass for a real test.

With ``GRADE_COLLECT_FILE`` set (a ``--collect-only`` run), the plugin writes
the collected test ids and their points there instead.

It also registers the ``points`` marker: ``@pytest.mark.points(3)`` makes a
test worth 3 points when graded (every test is worth 1 by default).
"""
import hashlib
import hmac
import json
import linecache
import os
import sys
import types

import pytest

from common.grading import guard, landlock
from common.harness.status import outcome_of

KEY_FD = "GRADE_KEY_FD"
RESULT_FD = "GRADE_RESULT_FD"
LOCKDOWN = "GRADE_LOCKDOWN"
COLLECT_FILE = "GRADE_COLLECT_FILE"
MESSAGE_LIMIT = 1500  # characters of a failure message sent to the parent
STOPPED = "stopped at the first tampering"

# Modules whose functions and classes the submission has no business replacing.
WATCHED_PREFIXES = ("_pytest", "pytest", "pluggy", "numpy", "hypothesis", "mxnet", "matplotlib",
                    "tests", "common", "solutions", "builtins", "unittest", "operator")
WATCHED_EXACT = ("numpy", "mxnet.test_utils")


def points_of(item):
    """The points a test is worth: ``@pytest.mark.points(n)``, default 1."""
    marker = item.get_closest_marker("points")
    if marker is None:
        return 1
    value = marker.args[0] if marker.args else marker.kwargs.get("n", 1)
    if not isinstance(value, (int, float)) or value < 0:
        raise pytest.UsageError(f"{item.nodeid}: points must be a number >= 0, got {value!r}")
    return value


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): the points this test is worth when graded (default 1)")
    if os.environ.get(KEY_FD):
        config.pluginmanager.register(_Grader(config), "grade-evidence")


def pytest_collection_finish(session):
    path = os.environ.get(COLLECT_FILE)
    if path:
        with open(path, "w") as f:
            json.dump({"tests": [[item.nodeid, points_of(item)] for item in session.items]}, f)


# ------------------------------------------------------------------- signing

def _read_key(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).strip()


def _make_sender(key, fd):
    """A function that signs and sends one event; the key lives only in its closure."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    del key
    counter = [0]
    dumps, write, copy = json.dumps, os.write, mac.copy

    def send(event, **fields):
        counter[0] += 1
        payload = dumps(dict(fields, event=event, seq=counter[0]), sort_keys=True)
        signer = copy()
        signer.update(payload.encode())
        line = (signer.hexdigest() + " " + payload + "\n").encode()
        try:
            while line:
                line = line[write(fd, line):]
        except OSError:
            pass  # the submission closed our pipe: the parent sees missing results
    return send


# ------------------------------------------------------------- tamper check

def _watched_modules():
    for name, module in list(sys.modules.items()):
        if not isinstance(module, types.ModuleType):
            continue
        if name in WATCHED_EXACT or name.split(".")[0] in WATCHED_PREFIXES or any(
                name.startswith(p + ".") for p in WATCHED_PREFIXES):
            yield name, module


def _watchable(value):
    return isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                              type, types.ModuleType, classmethod, staticmethod, property))


def _snapshot():
    """[(where, namespace, name, original)] for every watched function, class,
    class member and module-level callable. (Replacing a function's code in
    place is refused at run time by the guard, so identity is what to watch.)"""
    snap = []

    def record(where, namespace, name, value):
        snap.append((where, namespace, name, value))

    for mname, module in _watched_modules():
        namespace = vars(module)
        for name, value in list(namespace.items()):
            if not _watchable(value):
                continue
            record(f"{mname}.{name}", namespace, name, value)
            if isinstance(value, type) and getattr(value, "__module__", None) == mname:
                members = vars(value)  # a read-only proxy that follows the class
                for attr, member in list(members.items()):
                    if _watchable(member):
                        record(f"{mname}.{name}.{attr}", members, attr, member)
    return snap


def _changes(snap):
    """The watched names whose object is no longer the one recorded."""
    return [where for where, namespace, name, original in snap if namespace.get(name) is not original]


def _hook_functions(config):
    """Every hook implementation currently registered, by hook name."""
    hooks = {}
    for name in dir(config.hook):
        caller = getattr(config.hook, name)
        if hasattr(caller, "get_hookimpls"):
            hooks[name] = tuple(impl.function for impl in caller.get_hookimpls())
    return hooks


def _keep_test_sources(items):
    """Read the test files into linecache while they may still be read: after
    the lockdown, hypothesis would find no source to derive its examples from
    (derandomize hashes each test's source) and draw other examples than
    ``make test`` does, so that a grade could differ from the learner's run."""
    for path in sorted({str(item.path) for item in items}):
        linecache.getlines(path)


def _test_functions(items):
    """Each test function (and a hypothesis test's inner function), by test id."""
    functions = {}
    for item in items:
        func = getattr(item, "obj", None)
        inner = getattr(getattr(func, "hypothesis", None), "inner_test", None)
        for label, f in (("", func), (" (inner)", inner)):
            if isinstance(f, types.FunctionType):
                functions[item.nodeid + label] = f
    return functions


class _Grader:
    """Sends the signed evidence for one grading child."""

    def __init__(self, config):
        key = _read_key(int(os.environ.pop(KEY_FD)))
        self.send = _make_sender(key, int(os.environ.pop(RESULT_FD)))
        del key
        self.config = config
        self.outcomes = {}
        self.tampered = []

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session):
        # The harness plugin imported the references already (tryfirst), before
        # any submission code can patch them; lock the process down (last).
        self.session = session
        self.items = {item.nodeid: item for item in session.items}
        self.snapshot = _snapshot()
        self.hooks = _hook_functions(self.config)
        self.tests = _test_functions(session.items)
        _keep_test_sources(session.items)
        self.lockdown()
        self.send("ready", tests=len(session.items))

    def lockdown(self):
        """Cut the reads of the project and install the run-time guard, now that
        every test module and reference is imported and before the kata is."""
        settings = json.loads(os.environ.pop(LOCKDOWN, "null") or "null")
        self.guard = None
        if not settings:
            return
        if settings["landlock"]:
            landlock.restrict(readable=settings["read_roots"] + [settings["folder"]], network=False)
        self.guard = guard.lockdown(settings["kata_files"], settings["folder"], settings["read_roots"])

    def check(self):
        """Names of the watched objects the submission replaced, and what the
        run-time guard refused it (empty when clean)."""
        changed = [f"refused at run time, {what}" for what in (self.guard.refused if self.guard else [])]
        changed += _changes(self.snapshot)
        hooks = _hook_functions(self.config)
        changed += [f"hook {name}" for name, funcs in hooks.items() if self.hooks.get(name, funcs) != funcs]
        changed += [f"hook {name} (added)" for name in hooks if name not in self.hooks and hooks[name]]
        for nodeid, func in self.tests.items():
            item = self.items.get(nodeid.replace(" (inner)", ""))
            now = getattr(item, "obj", None) if not nodeid.endswith("(inner)") else getattr(
                getattr(getattr(item, "obj", None), "hypothesis", None), "inner_test", None)
            if now is not func:
                changed.append(f"test {nodeid}")
        return changed

    def pytest_runtest_logstart(self, nodeid, location):
        self.send("start", nodeid=nodeid)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        rep = yield
        status, message = _classify(rep, call)
        previous = self.outcomes.get(item.nodeid)
        if previous is None or previous[0] == "passed":
            self.outcomes[item.nodeid] = (status, message)
        return rep

    def pytest_runtest_logfinish(self, nodeid, location):
        status, message = self.outcomes.pop(nodeid, ("failed", "no report for this test"))
        changed = self.check()
        if changed and not self.tampered:
            self.tampered = changed
            self.send("tamper", nodeid=nodeid, changed=changed[:20])
            self.session.shouldstop = STOPPED  # the kata scores 0 whatever comes next
        self.send("result", nodeid=nodeid, status=status, message=message)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        changed = self.check()
        if changed and not self.tampered:
            self.send("tamper", nodeid=None, changed=changed[:20])
        self.send("end", exitstatus=int(exitstatus))


def _classify(rep, call):
    """(status, message) of one phase: passed, failed, pending or skipped."""
    if call.excinfo is None and rep.passed:
        return "passed", ""
    if rep.skipped:
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        return str(outcome_of(rep)), _cap(reason)
    crash = getattr(getattr(rep, "longrepr", None), "reprcrash", None)
    message = getattr(crash, "message", None) or getattr(rep, "first_line", None) or str(rep.longrepr)
    if call.when != "call":
        message = f"error in {call.when}: {message}"
    return "failed", _cap(message)


def _cap(text, limit=MESSAGE_LIMIT):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 20] + f"... [{len(text)} chars]"
