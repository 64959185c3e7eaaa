"""The grader collects each set of test files once (a class, a learner, the
grader's own tests would otherwise pay about 3 s a run), and again as soon
as anything the collection depends on changes."""
from common.grading import suites


def test_tests_are_collected_once_until_a_test_file_or_helper_changes(tmp_path, monkeypatch):
    """Catches a cache that lives only in memory (every grading run, even of a
    stub, would pay a collection); one keyed on the test files alone (a changed
    conftest, which may add or drop tests, would be ignored) or on their names
    alone (stale tests); and a grader that stops on a damaged cache file
    instead of collecting again."""
    monkeypatch.setattr(suites, "CACHE", tmp_path / "cache" / "collected.json")
    monkeypatch.setattr(suites, "_collected", {})
    runs, real = [], suites._collect
    monkeypatch.setattr(suites, "_collect", lambda *args, **kwargs: runs.append(args) or real(*args, **kwargs))

    def collect_in_a_new_process():
        monkeypatch.setattr(suites, "_collected", {})
        return [nodeid for nodeid, _ in suites.collect([tests], rootdir=tmp_path)]

    tests = tmp_path / "test_iterators.py"
    tests.write_text("def test_a(kata):\n    pass\n")
    suites.CACHE.parent.mkdir()
    suites.CACHE.write_text("{not json")
    first = suites.collect([tests], rootdir=tmp_path)
    assert [nodeid for nodeid, _ in first] == ["test_iterators.py::test_a"] and len(runs) == 1
    assert suites.collect([tests], rootdir=tmp_path) == first, "the same process"
    assert collect_in_a_new_process() == ["test_iterators.py::test_a"]
    assert len(runs) == 1, "collected again, though nothing changed"

    tests.write_text("def test_a(kata):\n    pass\n\n\ndef test_b(kata):\n    pass\n")
    assert [nodeid for nodeid, _ in suites.collect([tests], rootdir=tmp_path)] == [
        "test_iterators.py::test_a", "test_iterators.py::test_b"], "a changed test file, the same process"
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n\n@pytest.fixture(params=[1, 2])\ndef kata(request):\n    return request.param\n")
    assert collect_in_a_new_process() == ["test_iterators.py::test_a[1]", "test_iterators.py::test_a[2]",
                                          "test_iterators.py::test_b[1]", "test_iterators.py::test_b[2]"]
    assert len(runs) == 3
