"""The kata harness as a pytest plugin (``pytest.ini`` loads it with ``-p``):
it picks the implementation under test, turns NotImplementedError into
"pending", seeds every test and prints the progress report at the end.

Kata tests never import katas/ or solutions/ themselves. They ask for:

- ``kata``: the module under test (selected by ``--impl`` / ``KATA_IMPL``);
- ``reference``: the reference module in solutions/, for differential checks;
- ``ctx``: the MXNet context to run on (the GPU only when MXNet can use it).
"""
import os

import common  # noqa: F401  (sets OMP_NUM_THREADS before mxnet is imported)
import pytest
from hypothesis import HealthCheck, settings

from common import course, env
from common.harness import loader, report, status

settings.register_profile(
    "katas",
    derandomize=True,  # the same examples every run: grades and mutants are reproducible
    deadline=None,
    max_examples=20,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "katas"))


def pytest_addoption(parser):
    parser.addoption(
        "--impl", default=os.environ.get("KATA_IMPL", loader.DEFAULT_IMPL),
        help="implementation under test: katas (default), solutions, a submission "
             "directory holding <kata>.py files, or one .py file (a mutant)")
    parser.addoption("--report-json", default=None,
                     help="also write the per-kata results to this JSON file")


_results = None  # this run's report.Results (pytest_runtest_logreport gets no config)


def pytest_configure(config):
    global _results
    config.kata_results = _results = report.Results(config.getoption("--impl"))


def kata_of(node):
    """The kata a test belongs to (from its file name test_<kata>.py), or None."""
    name = node.path.stem if hasattr(node, "path") else ""
    kata = name[len("test_"):]
    return kata if kata in course.KATAS else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    """Import the references of the katas under test before any test runs: a
    kata module imported later can neither reach them first nor patch them
    before anyone holds them."""
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
    return loader.load(impl, name)


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    kata = kata_of(item)
    if kata is None:
        return
    if call.excinfo is None:
        if rep.skipped:
            status.set_outcome(rep, status.Outcome.SKIPPED)
        return
    impl = item.config.getoption("--impl")
    pending = call.excinfo.errisinstance((NotImplementedError, loader.ImplNotFound))
    if pending and not loader.is_strict(impl):
        not_attempted = call.excinfo.errisinstance(loader.ImplNotFound)
        detail = str(call.excinfo.value).strip() or "raises NotImplementedError"
        rep.outcome = "skipped"
        rep.longrepr = (str(item.path), item.location[1] or 0,
                        f"{'not attempted' if not_attempted else 'pending'}: {detail}")
        status.set_outcome(rep, status.Outcome.NOT_ATTEMPTED if not_attempted else status.Outcome.PENDING)
    elif rep.failed:
        status.set_outcome(rep, status.Outcome.FAILED)
        rep.first_line = report.one_line(call.excinfo.exconly() or call.excinfo.typename)


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
    terminalreporter.write_line("")
    for line in results.table_lines():
        terminalreporter.write_line(line)
    path = config.getoption("--report-json")
    if path:
        results.write_json(path)
