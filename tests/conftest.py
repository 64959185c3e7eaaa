"""The kata harness: picks the implementation under test, turns
NotImplementedError into "pending", seeds every test and prints the
progression report at the end of the run.

Tests never import katas/ or solutions/ themselves. They ask for:

- ``kata``: the module under test (selected by ``--impl`` / ``KATA_IMPL``);
- ``reference``: the reference module in solutions/, for differential checks;
- ``ctx``: the MXNet context to run on (GPU when MXNet sees one).
"""
import os

import common  # noqa: F401  (sets OMP_NUM_THREADS before mxnet is imported)
import pytest
from hypothesis import HealthCheck, settings

from common import env, loader, progression, report

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


def pytest_configure(config):
    config.kata_results = report.Results(config.getoption("--impl"))
    global _results
    _results = config.kata_results


def kata_of(node):
    """The kata a test belongs to (from its file name test_<kata>.py), or None."""
    name = node.path.stem if hasattr(node, "path") else ""
    kata = name[len("test_"):]
    return kata if kata in progression.KATAS else None


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
    rep.kata = kata_of(item)
    rep.first_line = None
    if call.excinfo is None or rep.kata is None:
        return
    impl = item.config.getoption("--impl")
    pending = call.excinfo.errisinstance((NotImplementedError, loader.ImplNotFound))
    if pending and not loader.is_strict(impl):
        reason = report.pending_reason(call.excinfo.value)
        rep.outcome = "skipped"
        rep.longrepr = (str(item.path), item.location[1] or 0, reason)
    elif rep.failed:
        rep.first_line = report.first_line(call.excinfo)


def pytest_runtest_logreport(report):
    if getattr(report, "kata", None):
        _results.add(report)


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
