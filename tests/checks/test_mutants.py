"""The mutant runner runs first the test that caught a mutant last time
(tests/mutants/caught_by.json), so that a run usually ends after one test."""
import json
import types

from common import course
from common.checks import mutants


def test_the_test_that_caught_it_runs_first_and_the_others_keep_their_order():
    """Catches a plugin that drops, duplicates or shuffles the other tests (a
    mutant could then survive a run that skipped the test catching it)."""
    items = [types.SimpleNamespace(nodeid=f"t.py::test_{n}") for n in "abcde"]
    mutants.RunFirst("t.py::test_d").pytest_collection_modifyitems(items)
    assert [item.nodeid[-1] for item in items] == list("dabce")
    mutants.RunFirst("t.py::test_gone").pytest_collection_modifyitems(items)
    assert [item.nodeid[-1] for item in items] == list("dabce"), "a stale name changes nothing"


def test_the_recorded_tests_name_real_mutants(tmp_path):
    """Catches a caught_by.json that names mutants no longer there (it is
    written by `make mutants RECORD=1`), and a damaged file stopping the run."""
    recorded = mutants.caught_by()
    known = {mutants.label(kata, path) for kata in course.KATAS for path in mutants.mutants_of(kata)}
    assert recorded and set(recorded) <= known, set(recorded) - known
    assert all(test.startswith("tests/test_") and "::" in test for test in recorded.values())
    damaged = tmp_path / "caught_by.json"
    damaged.write_text("{")
    assert mutants.caught_by(damaged) == {}
    damaged.write_text(json.dumps({"iterators/x": "tests/test_iterators.py::test_y"}))
    assert mutants.caught_by(damaged) == {"iterators/x": "tests/test_iterators.py::test_y"}
