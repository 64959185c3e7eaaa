"""The grader collects each set of test files once per process (a class, or
the grader's own tests, would otherwise pay about 2.5 s a run), and again as
soon as one of them changes."""
from common.grading import suites


def test_an_unchanged_test_file_is_collected_once_and_a_changed_one_again(tmp_path, monkeypatch):
    tests = tmp_path / "test_iterators.py"
    tests.write_text("def test_a(kata):\n    pass\n")
    first = suites.collect([tests], rootdir=tmp_path)
    assert [nodeid for nodeid, _ in first] == ["test_iterators.py::test_a"]
    runs = []
    real = suites._collect
    monkeypatch.setattr(suites, "_collect", lambda *args, **kwargs: runs.append(args) or real(*args, **kwargs))
    assert suites.collect([tests], rootdir=tmp_path) == first and not runs, "collected again, unchanged"
    tests.write_text("def test_a(kata):\n    pass\n\n\ndef test_b(kata):\n    pass\n")
    second = suites.collect([tests], rootdir=tmp_path)
    assert len(runs) == 1, "a changed test file must be collected again"
    assert [nodeid for nodeid, _ in second] == ["test_iterators.py::test_a", "test_iterators.py::test_b"]
