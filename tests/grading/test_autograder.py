"""The Gradescope autograder, end to end: `make autograder` builds the zip,
and its run_autograder grades a submission laid out as Gradescope lays it
out, in a temporary folder, writing a results.json that follows the
specification (https://gradescope-autograders.readthedocs.io/en/latest/specs/)."""
import json
import os
import subprocess
import sys
import zipfile

import pytest

from common.grading import autograder
from tests.grading.submissions import KATA, ONE_HOT, REFERENCE, STUB, stub_with

FORMATS = {"text", "html", "simple_format", "md", "ansi"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format",
            "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output",
             "output_format", "tags", "visibility", "extra_data"}


def check_results(results):
    """Every field and value of a results.json as Gradescope's specification allows them."""
    def number(x):
        return isinstance(x, (int, float)) and not isinstance(x, bool)
    assert set(results) <= TOP_KEYS, f"unknown top-level keys {set(results) - TOP_KEYS}"
    assert number(results["score"]) and results["score"] >= 0
    assert number(results["execution_time"]) and results["execution_time"] >= 0
    assert isinstance(results["output"], str)
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert results.get(key, "text") in FORMATS, key
    for key in ("visibility", "stdout_visibility"):
        assert results.get(key, "visible") in VISIBILITIES, key
    assert isinstance(results.get("extra_data", {}), dict)
    numbers = set()
    for test in results["tests"]:
        assert set(test) <= TEST_KEYS, f"unknown test keys {set(test) - TEST_KEYS}"
        assert isinstance(test["name"], str) and test["name"]
        assert number(test["score"]) and number(test["max_score"]) and 0 <= test["score"] <= test["max_score"] + 1e-9
        assert test.get("status", "passed") in ("passed", "failed")
        assert isinstance(test.get("number", ""), str) and test.get("number") not in numbers
        numbers.add(test.get("number"))
        assert isinstance(test["output"], str) and test.get("output_format", "text") in FORMATS
        assert all(isinstance(tag, str) for tag in test.get("tags", []))
        visibility = test.get("visibility", results.get("visibility", "visible"))
        assert visibility in VISIBILITIES
        if test["max_score"] > 0:
            assert visibility != "hidden", "a test with points is never 'hidden' (students would not see their total)"
    total = sum(t["score"] for t in results["tests"])
    assert results["score"] == pytest.approx(total, abs=1e-3), "the top-level score is the tests' sum"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    """The autograder zip (one kata, with a hidden test), unpacked where Gradescope puts it."""
    root = tmp_path_factory.mktemp("autograder")
    hidden = root / "hidden"
    hidden.mkdir()
    (hidden / f"test_{KATA}.py").write_text(
        "import numpy as np\n\ndef test_secret(kata):\n    assert kata.one_hot(np.array([3])).argmax() == 3\n")
    zip_path = autograder.build(root / "autograder.zip", extra_tests=hidden, katas=[KATA])
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        assert "setup.sh" in names and "run_autograder" in names, "both scripts at the zip's root"
        for name in ("setup.sh", "run_autograder"):
            assert archive.getinfo(name).external_attr >> 16 & 0o111, f"{name} is executable"
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)
    assert not any(n.startswith(("tests/mutants", "tests/alternatives", ".venv")) for n in names)
    done = subprocess.run([sys.executable, "-m", "common.grading.autograder", "prepare", "--root", str(root)],
                          cwd=root / "source", capture_output=True, text=True, timeout=600)  # setup.sh's last step
    assert done.returncode == 0, done.stderr[-2000:]
    return root


def collected(root):
    return json.loads((root / "source" / ".grading-cache" / "collected.json").read_text())


def grade_as_gradescope(root, files):
    """Lay a submission out as Gradescope does, run run_autograder, return results.json."""
    submission = root / "submission"
    if submission.exists():
        import shutil
        shutil.rmtree(submission)
    submission.mkdir()
    for name, text in files.items():
        (submission / name).parent.mkdir(parents=True, exist_ok=True)
        (submission / name).write_text(text)
    results = root / "results" / "results.json"
    if results.exists():
        results.unlink()
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable)
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=600)
    assert results.is_file(), f"no results.json: {done.stderr[-2000:]}"
    return json.loads(results.read_text()), done


def test_a_reference_submission_gets_full_marks(unpacked):
    results, done = grade_as_gradescope(unpacked, {f"{KATA}.py": REFERENCE})
    assert done.returncode == 0, done.stderr[-2000:]
    check_results(results)
    assert results["score"] == pytest.approx(10)
    public, hidden = results["tests"]
    assert public["visibility"] == "visible" and public["output_format"] == "md"
    assert hidden["visibility"] == "after_due_date" and "secret" not in json.dumps(results)


def test_a_stub_submission_scores_zero_not_attempted(unpacked):
    results, done = grade_as_gradescope(unpacked, {f"{KATA}.py": STUB})
    check_results(results)
    assert results["score"] == 0
    assert "not attempted" in results["tests"][0]["output"]


def test_the_image_collects_the_tests_once_for_every_submission(unpacked):
    """Catches a setup.sh that does not collect the tests, or a grading run
    that does not find what it collected (each submission, even a stub, would
    pay about 3 s for a collection): the public and the hidden tests are kept,
    and grading adds nothing to them."""
    assert "-m common.grading.autograder prepare" in autograder.SETUP_SH
    before = collected(unpacked)
    assert len(before) == 2 and all(entry["tests"] for entry in before.values())
    grade_as_gradescope(unpacked, {f"{KATA}.py": stub_with(ONE_HOT)})
    assert collected(unpacked) == before


def test_a_misplaced_submission_is_found_and_said(unpacked):
    """Files in a sub-folder (a GitHub upload of the whole repo) or in another case are graded."""
    results, done = grade_as_gradescope(unpacked, {"katas/Iterators.py": stub_with(ONE_HOT),
                                                   "README.md": "mine"})
    check_results(results)
    assert 0 < results["score"] < 10
    assert "no iterators.py at the top of the submission; graded katas/Iterators.py instead" in results["output"]


def test_the_results_check_catches_what_gradescope_refuses():
    good = {"score": 1, "execution_time": 2, "output": "", "tests": [
        {"name": "a", "number": "1", "score": 1, "max_score": 1, "output": "", "visibility": "visible"}]}
    check_results(good)
    for broken in ({**good, "score": "1"},
                   {**good, "tests": [{**good["tests"][0], "visibility": "hidden"}]},
                   {**good, "tests": [{**good["tests"][0], "status": "ok"}]},
                   {**good, "visibility": "students"}):
        with pytest.raises(AssertionError):
            check_results(broken)


def test_hidden_tests_with_points_are_never_hidden(tmp_path):
    with pytest.raises(ValueError, match="after_due_date or after_published"):
        autograder.build(tmp_path / "a.zip", hidden_visibility="hidden")
