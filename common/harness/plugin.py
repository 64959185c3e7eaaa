"""The kata harness as a pytest plugin (``pytest.ini`` loads it with ``-p``):
it picks the implementation under test, turns NotImplementedError into
"pending", seeds every test and prints the progress report at the end.

Kata tests never import katas/ or solutions/ themselves. They ask for:

- ``kata``: the module under test (selected by ``--impl`` / ``KATA_IMPL``);
- ``reference``: the reference module in solutions/, for differential checks;
- ``ctx``: the MXNet context to run on (the GPU only when MXNet can use it).

For the learner, every failure of a kata test comes to one clean line
(common/harness/messages.py): a module that does not import is one broken
kata (broken.py), an endless loop is stopped with a message (limits.py),
``DID NOT RAISE`` names the call (raises.py) and MXNet's chatter is kept out
of the captured output (quiet.py).
"""
import os
import threading
from collections import Counter

import common  # noqa: F401  (sets OMP_NUM_THREADS before mxnet is imported)
import pytest
from hypothesis import HealthCheck, Phase, settings

from common import course, env
from common.harness import broken, frames, limits, loader, messages, quiet, raises, report, status

settings.register_profile(
    "katas",
    derandomize=True,  # the same examples every run: grades and mutants are reproducible
    deadline=None,
    max_examples=20,
    database=None,
    # no "Explanation" block: it lists absolute paths of lines, not the learner's business
    phases=tuple(phase for phase in Phase if phase is not Phase.explain),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "katas"))


def _module_pprint(module, printer, cycle):
    """Hypothesis prints a failing example's ``kata`` and ``reference`` as
    their files, as the learner knows them, not as absolute paths."""
    where = getattr(module, "__file__", None)
    printer.text(f"<module {loader.shown(where)}>" if where else repr(module))


try:  # hypothesis's printer registry (vendored from IPython): cosmetic, so optional
    from hypothesis.vendor.pretty import for_type_by_name
    for_type_by_name("builtins", "module", _module_pprint)
except (ImportError, AttributeError):  # pragma: no cover
    pass

DEFAULT_MEMORY_MB = 4096


def pytest_addoption(parser):
    parser.addoption(
        "--impl", default=os.environ.get("KATA_IMPL", loader.DEFAULT_IMPL),
        help="implementation under test: katas (default), solutions, a submission "
             "directory holding <kata>.py files, or one .py file (a mutant)")
    parser.addoption("--report-json", default=None,
                     help="also write the per-kata results to this JSON file")
    parser.addoption("--progress-file", default=None,
                     help="remember each kata's last complete run here and show it for the katas "
                          "a run leaves out (make test passes .kata-progress.json)")
    parser.addini("kata_memory_mb", default=str(DEFAULT_MEMORY_MB),
                  help="a kata test whose memory grows by more than this many MB is stopped "
                       "(an iterator that never ends, collected by list()); 0: no limit")


# This run's state (pytest_runtest_logreport gets no config). One process may
# run pytest more than once (make mutants forks warm children): configure resets it.
_results = None         # report.Results
_imports = None         # broken.Imports: which kata modules do not import
_collected = Counter()  # kata -> tests selected in this run
_partial = set()        # katas some of whose tests were deselected


def pytest_configure(config):
    global _results, _imports
    config.kata_results = _results = report.Results(
        config.getoption("--impl"), config.getoption("--progress-file"))
    _imports = broken.Imports()
    _collected.clear()
    _partial.clear()


def kata_of(node):
    """The kata a test belongs to (from its file name test_<kata>.py), or None."""
    name = node.path.stem if hasattr(node, "path") else ""
    kata = name[len("test_"):]
    return kata if kata in course.KATAS else None


def pytest_deselected(items):
    _partial.update(kata for kata in map(kata_of, items) if kata)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    """Import the references of the katas under test before any test runs: a
    kata module imported later can neither reach them first nor patch them
    before anyone holds them."""
    _collected.update(kata for kata in map(kata_of, session.items) if kata)
    for kata in sorted({kata_of(item) for item in session.items} - {None}):
        try:
            loader.load("solutions", kata)
        except Exception:  # a broken reference fails its own tests with the reason
            pass


@pytest.fixture
def impl(request):
    return request.config.getoption("--impl")


@pytest.fixture
def kata(request, impl):
    """The module under test for this test file's kata."""
    name = kata_of(request.node)
    if name is None:
        raise RuntimeError(f"{request.node.path.name} is not a kata test module")
    return _imports.load(impl, name)


@pytest.fixture
def reference(request):
    """The reference solution of this test file's kata."""
    return loader.load("solutions", kata_of(request.node))


@pytest.fixture(scope="session")
def ctx():
    return env.default_context()


@pytest.fixture(autouse=True)
def _seeded():
    env.seed_everything(0)


# ------------------------------------------------------------ time limits

@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item, settings):
    """pytest-timeout arms a timer: a kata test gets a Watchdog (a clean
    message, a memory limit); any other test pytest-timeout's own timer."""
    if kata_of(item) is None or threading.current_thread() is not threading.main_thread():
        return None
    memory_mb = float(item.config.getini("kata_memory_mb") or 0)
    item.kata_watchdog = limits.Watchdog(item.name, settings.timeout, memory_mb)
    item.kata_watchdog.start()
    return True


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_cancel_timer(item):
    dog = getattr(item, "kata_watchdog", None)
    if dog is None:
        return None
    dog.stop()
    del item.kata_watchdog
    return True


# ------------------------------------------------------------ outcomes

class Pending:
    """Why a test skipped as pending: the kata's NotImplementedError (or its
    missing module), and the function that raised it."""

    def __init__(self, not_attempted, detail, function):
        self.not_attempted, self.detail, self.function = not_attempted, detail, function

    @property
    def reason(self):
        return f"{'not attempted' if self.not_attempted else 'pending'}: {self.detail}"


def _pending_as_skip(item):
    """Turn a pending kata's NotImplementedError into a skip as it is raised,
    before pytest formats a traceback for it (66 tracebacks took half of
    ``make test KATA=iterators`` on the stub)."""
    try:
        return (yield)
    except (NotImplementedError, loader.ImplNotFound) as error:
        kata, impl = kata_of(item), item.config.getoption("--impl")
        if kata is None or loader.is_strict(impl):
            raise
        not_attempted = isinstance(error, loader.ImplNotFound)
        place = None if not_attempted else frames.innermost(error.__traceback__,
                                                            str(loader.module_path(impl, kata)))
        item.kata_pending = Pending(not_attempted, str(error).strip() or "raises NotImplementedError",
                                    place.function if place is not None else None)
        raise pytest.skip.Exception(item.kata_pending.reason, _use_item_location=True) from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _pending_as_skip(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _pending_as_skip(item))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    kata = kata_of(item)
    if kata is not None and call.excinfo is not None:
        raises.explain_did_not_raise(call.excinfo.value, call.excinfo.tb, item.path)
    outcome = yield
    rep = outcome.get_result()
    if kata is None:
        return
    rep.sections = quiet.quiet_sections(rep.sections)
    pending = item.__dict__.pop("kata_pending", None)
    if pending is not None:
        status.set_outcome(rep, status.Outcome.NOT_ATTEMPTED if pending.not_attempted else status.Outcome.PENDING)
        if pending.function is not None:
            status.set_pending_function(rep, pending.function)
        return
    if call.excinfo is None:
        if rep.skipped:
            status.set_outcome(rep, status.Outcome.SKIPPED)
        return
    impl = item.config.getoption("--impl")
    error = call.excinfo.value
    if isinstance(error, broken.ModuleBroken):
        _report_broken(rep, item, error)
    elif rep.failed:
        status.set_outcome(rep, status.Outcome.FAILED)
        if isinstance(error, limits.TestStopped):
            _report_stopped(rep, item, error, frames.chain(call.excinfo.tb, str(loader.module_path(impl, kata))))
        else:
            rep.first_line = messages.failure_line(error)


def _report_stopped(rep, item, error, places):
    """A test stopped by its watchdog: the message, and where in the kata it was."""
    where = ""
    if places:
        calls = " > ".join(dict.fromkeys(p.function for p in places))
        last = places[-1]
        where = f" It was running {calls}, {loader.shown(last.path)} line {last.line}."
    rep.first_line = messages.one_line(str(error) + where)
    text = str(error) + (f"\n{where.strip()}\n    {places[-1].source}" if places else "")
    rep.longrepr = ShortRepr(text, rep.first_line, item)


def _report_broken(rep, item, error):
    """The first test to find the module broken fails with the message and
    the offending line; the others are marked broken quietly."""
    status.set_outcome(rep, status.Outcome.BROKEN)
    rep.first_line = error.message
    if error.first:
        rep.outcome = "failed"
        rep.longrepr = ShortRepr(error.text, error.message, item)
    else:
        rep.outcome = "skipped"
        rep.longrepr = (str(item.path), item.location[1] or 0, f"broken: {error.message}")


class ShortRepr:
    """A failure's text as the harness wrote it, in place of pytest's traceback;
    ``reprcrash.message`` is its one line (the short summary and the grader use it)."""

    class _Crash:
        def __init__(self, message, path, lineno):
            self.message, self.path, self.lineno = message, path, lineno

    def __init__(self, text, message, item):
        self.text = text
        self.reprcrash = self._Crash(message, str(item.path), item.location[1] or 0)

    def toterminal(self, tw):
        for line in self.text.splitlines():
            tw.line(line)

    def __str__(self):
        return self.text


def kata_of_nodeid(nodeid):
    """The kata of a test id such as ``tests/test_iterators.py::test_x``, or None."""
    stem = os.path.splitext(os.path.basename(nodeid.split("::")[0]))[0]
    return stem[len("test_"):] if stem[len("test_"):] in course.KATAS else None


def pytest_runtest_logreport(report):
    kata = kata_of_nodeid(report.nodeid)
    if kata is not None and _results is not None:
        _results.add(kata, report, getattr(report, "first_line", None))


def pytest_terminal_summary(terminalreporter, config):
    results = config.kata_results
    if not results.ran():
        return
    problem = results.remember({kata for kata, tally in results.katas.items()
                                if tally.tests and len(tally.tests) == _collected[kata] and kata not in _partial})
    terminalreporter.write_line("")
    for line in results.table_lines() + ([problem] if problem else []):
        terminalreporter.write_line(line)
    path = config.getoption("--report-json")
    if path:
        results.write_json(path)
