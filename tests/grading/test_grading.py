"""Tests of the instructor's grader (common/grading/) on the iterators kata.

Each bad submission is built in a temporary folder from the stub or the
reference plus one misbehaviour, graded, and the outcome checked: the score,
the reason in the report, and that nothing outside its folder was touched.
The submissions are graded together, as a class, to keep this file fast.
"""
import json
import textwrap
import uuid

import pytest

from common.grading import cli, outputs, runner, sandbox as grade_sandbox
from common.course import ROOT

KATA = "iterators"
STUB = (ROOT / "katas" / f"{KATA}.py").read_text()
REFERENCE = (ROOT / "solutions" / f"{KATA}.py").read_text()
LANDLOCK = grade_sandbox.landlock_abi() > 0
CANARY = ROOT / f"GRADER_CANARY_{uuid.uuid4().hex}.txt"  # must never appear

# name -> source of iterators.py; {outside} is a path outside the submission's folder
BAD = {
    "syntax_error": "def one_hot(labels, depth=10:\n    return labels\n",
    "raises_at_import": STUB + "\nraise RuntimeError('boom at import')\n",
    "sys_exit_at_import": STUB + "\nimport sys\nsys.exit(3)\n",
    "endless_loop": STUB + "\nwhile True:\n    pass\n",
    "memory_bomb": STUB + "\nhoard = [bytearray(2**24) for _ in range(100000)]  # 1.6 TB\n",
    "os_exit_at_import": STUB + "\nimport os\nos._exit(0)\n",
    "os_exit_in_rand_iter": STUB + textwrap.dedent("""
        from solutions.iterators import one_hot
        class RandIter(RandIter):
            def __init__(self, *args, **kwargs):
                import os
                os._exit(0)
        """),
    "prints_megabytes": STUB + textwrap.dedent("""
        import sys
        print("spam " * 1_000_000)
        print("eggs " * 1_000_000, file=sys.stderr)
        from solutions.iterators import one_hot
        def preprocess_mnist(images_uint8, size=64, channels=3):
            print("ham " * 250_000)
            raise AssertionError("wrong " * 200_000)
        """),
    "writes_outside": STUB + textwrap.dedent(f"""
        from pathlib import Path
        Path.home().joinpath("inside.txt").write_text("fine: HOME is the temporary folder")
        Path({str(CANARY)!r}).write_text("pwned")
        """),
    "patches_pytest": STUB + textwrap.dedent("""
        import _pytest.reports
        _original = _pytest.reports.TestReport.__init__
        def _always_pass(self, *args, **kwargs):
            _original(self, *args, **kwargs)
            self.outcome, self.longrepr = "passed", None
        _pytest.reports.TestReport.__init__ = _always_pass
        """),
    "forges_results": STUB + textwrap.dedent("""
        import json, os
        fake = {"score": 999, "tests": []}
        open("results.json", "w").write(json.dumps(fake))
        line = "0" * 64 + " " + json.dumps({"event": "result", "seq": 99, "status": "passed",
                                            "nodeid": "tests/test_iterators.py::test_one_hot_depth",
                                            "message": ""}) + "\\n"
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:"):
                    os.write(int(fd), line.encode())
            except OSError:
                pass
        """),
}


def make_submission(folder, source):
    folder.mkdir(parents=True)
    (folder / f"{KATA}.py").write_text(source)
    # a submission's own tests and config must be ignored
    (folder / "conftest.py").write_text("import os\nos._exit(0)\n")
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p no:python\n")
    return folder


@pytest.fixture(scope="module")
def bad_class(tmp_path_factory):
    """Every bad submission graded as one class: (grades by name, out folder)."""
    root = tmp_path_factory.mktemp("class")
    paths = [make_submission(root / "submissions" / name, source) for name, source in BAD.items()]
    grades = runner.grade(paths, katas=[KATA], jobs=2, timeout=10, memory_mb=1500, progress=False)
    out = root / "grades"
    outputs.write(grades, out, single=False)
    return {g["submission"]: g for g in grades}, out


def kata_of(grade):
    return grade["katas"][KATA]


def one_hot_points(grade):
    """The points of the one_hot tests (they come first in tests/test_iterators.py)."""
    return sum(t["max_score"] for t in grade["tests"] if t["name"].startswith("test_one_hot"))


def first_failure(grade):
    return kata_of(grade)["first_failure"][1]


# ------------------------------------------------------- bad submissions

def test_syntax_error_scores_zero_with_the_line(bad_class):
    g = bad_class[0]["syntax_error"]
    assert g["score"] == 0 and g["max_score"] > 0
    assert "SyntaxError" in kata_of(g)["problem"] and "line 1" in kata_of(g)["problem"]


@pytest.mark.parametrize("name, reason", [("raises_at_import", "RuntimeError: boom at import"),
                                          ("sys_exit_at_import", "SystemExit")])
def test_import_failures_score_zero_with_the_exception(bad_class, name, reason):
    g = bad_class[0][name]
    assert g["score"] == 0
    assert reason in first_failure(g)
    assert kata_of(g)["failed"] == len(g["tests"])


def test_endless_loop_times_out(bad_class):
    g = bad_class[0]["endless_loop"]
    assert g["score"] == 0
    assert "timed out after 10 s" in kata_of(g)["problem"]


def test_memory_bomb_hits_the_memory_limit(bad_class):
    g = bad_class[0]["memory_bomb"]
    assert g["score"] == 0
    problem = kata_of(g)["problem"] or ""
    assert "MemoryError" in first_failure(g) or "memory" in problem or "killed" in problem, (problem, first_failure(g))


def test_os_exit_at_import_scores_zero(bad_class):
    g = bad_class[0]["os_exit_at_import"]
    assert g["score"] == 0
    assert "exited with code 0" in kata_of(g)["problem"]
    assert "test_one_hot_puts_a_single_one_at_the_label" in kata_of(g)["problem"]


def test_os_exit_during_the_tests_keeps_only_what_passed_before(bad_class):
    g = bad_class[0]["os_exit_in_rand_iter"]
    assert g["score"] == one_hot_points(g) > 0, "the one_hot tests ran and passed before RandIter exited"
    assert "exited with code 0 during test_rand_iter" in kata_of(g)["problem"]
    later = [t for t in g["tests"] if t["name"].startswith("test_image_iter")]
    assert later and all(t["status"] == "failed" and "did not run" in t["output"] for t in later)


def test_megabytes_of_output_are_capped(bad_class):
    grades, out = bad_class
    g = grades["prints_megabytes"]
    assert g["score"] == one_hot_points(g) > 0, "printing is not failing: one_hot still passes"
    assert max(len(t["output"]) for t in g["tests"]) <= 2000
    assert (out / "prints_megabytes" / "report.md").stat().st_size < 20_000
    assert (out / "prints_megabytes" / "results.json").stat().st_size < 200_000


def test_writes_outside_its_folder_are_blocked(bad_class):
    g = bad_class[0]["writes_outside"]
    assert g["score"] == 0
    assert not CANARY.exists(), f"{CANARY} was written: the project was touched"
    if LANDLOCK:
        assert "PermissionError" in first_failure(g)


def test_patching_pytest_gains_nothing(bad_class):
    g = bad_class[0]["patches_pytest"]
    assert g["score"] == 0
    assert kata_of(g)["status"] == "tampered"
    assert "TestReport.__init__" in kata_of(g)["problem"]


def test_forged_results_gain_nothing(bad_class):
    grades, out = bad_class
    g = grades["forges_results"]
    assert g["score"] == 0
    assert "unsigned or replayed lines" in kata_of(g)["problem"]
    assert json.loads((out / "forges_results" / "results.json").read_text())["score"] == 0


def test_the_class_gets_a_gradebook(bad_class):
    grades, out = bad_class
    rows = (out / "gradebook.csv").read_text().splitlines()
    assert rows[0].startswith(f"submission,{KATA},total,max_total")
    assert len(rows) == 1 + len(BAD)
    assert not list(out.glob(".*")), "no temporary files left behind"


def test_results_json_is_in_the_gradescope_format(bad_class):
    grades, out = bad_class
    results = json.loads((out / "os_exit_in_rand_iter" / "results.json").read_text())
    assert results["score"] == one_hot_points(grades["os_exit_in_rand_iter"])
    test = results["tests"][0]
    assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
    assert test["status"] == "passed" and test["visibility"] == "visible"


# ---------------------------------------------------- without Landlock

def test_without_landlock_writes_outside_are_detected(tmp_path):
    """The fallback: the grader hashes the watched tree after each run."""
    watched = tmp_path / "project"
    watched.mkdir()
    (watched / "tests.py").write_text("original")
    source = STUB + f"\nopen({str(watched / 'tests.py')!r}, 'w').write('rigged')\n"
    sub = make_submission(tmp_path / "sneaky", source)
    [g] = runner.grade([sub], katas=[KATA], jobs=1, timeout=60, memory_mb=1500,
                        progress=False, watch=[watched], confine=False)
    assert g["score"] == 0
    assert kata_of(g)["status"] == "tampered"
    assert "changed files outside its folder" in kata_of(g)["problem"]


# ------------------------------------------- reference, stubs, hidden tests

HIDDEN = textwrap.dedent('''
    import numpy as np
    import pytest

    @pytest.mark.points(3)
    def test_secret_one_hot_of_nine(kata):
        assert kata.one_hot(np.array([9])).argmax() == 9, "SECRET MESSAGE"

    def test_secret_depth_two(kata):
        assert kata.one_hot(np.array([1, 0]), depth=2).argmax(axis=1).tolist() == [1, 0]
    ''')


@pytest.fixture(scope="module")
def good_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("good")
    (root / "hidden").mkdir()
    (root / "hidden" / f"test_{KATA}.py").write_text(HIDDEN)
    wrong = make_submission(root / "wrong_one_hot", STUB + textwrap.dedent("""
        from solutions.iterators import one_hot as _one_hot
        def one_hot(labels, depth=10):
            return _one_hot(labels, depth)[:, ::-1].copy()
        """))
    paths = [ROOT / "solutions", ROOT / "solutions", ROOT / "katas", wrong]
    grades = runner.grade(paths, katas=[KATA], extra_tests=root / "hidden", jobs=2,
                           timeout=240, memory_mb=2048, progress=False)
    out = root / "grades"
    outputs.write(grades, out, single=False)
    return grades, out


def test_reference_gets_full_marks_twice(good_class):
    ref1, ref2 = good_class[0][:2]
    assert ref1["score"] == ref1["max_score"] > 0
    assert [t["score"] for t in ref1["tests"]] == [t["score"] for t in ref2["tests"]]
    assert kata_of(ref1)["status"] == "done"


def test_untouched_stubs_score_zero_not_attempted(good_class):
    stubs = good_class[0][2]
    assert stubs["score"] == 0
    assert kata_of(stubs)["status"] == "not attempted"
    assert all(t["output"].startswith("not attempted") for t in stubs["tests"])


def test_hidden_tests_count_but_stay_hidden(good_class):
    grades, out = good_class
    ref, wrong = grades[0], grades[3]
    assert kata_of(ref)["hidden_total"] == 2 and kata_of(ref)["hidden_score"] == 4
    assert kata_of(wrong)["hidden_passed"] == 0 and kata_of(wrong)["hidden_max_score"] == 4
    assert 0 < wrong["score"] < one_hot_points(wrong), "the rejects_bad_labels tests pass, the others not"
    report = (out / "wrong_one_hot" / "report.md").read_text()
    results = (out / "wrong_one_hot" / "results.json").read_text()
    assert "hidden tests: 0 of 2 passed (0 / 4 points)" in report
    for text in (report, results):
        assert "secret" not in text.lower()
    hidden = [t for t in json.loads(results)["tests"] if t["visibility"] == "hidden"]
    assert len(hidden) == 2 and {t["max_score"] for t in hidden} == {1, 3}


def test_the_command_line_writes_one_report(tmp_path):
    sub = make_submission(tmp_path / "learner", STUB + "\nraise ImportError('no such thing')\n")
    assert cli.main(["--submission", str(sub), "--out", str(tmp_path / "out"), "--katas", KATA,
                         "--timeout", "60", "--memory-mb", "1500", "--no-progress"]) == 0
    report = (tmp_path / "out" / "report.md").read_text()
    assert "**Total: 0 / " in report and "ImportError: no such thing" in report
    assert json.loads((tmp_path / "out" / "results.json").read_text())["score"] == 0
