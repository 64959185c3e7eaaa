"""Tests of the instructor's grader (common/grading/) on the iterators kata:
submissions that misbehave without breaking the kata rules (crashes, endless
loops, memory, output, files), honest ones, hidden tests and the reports.
(tests/grading/test_attacks.py has the hostile ones.)

Each bad submission is built in a temporary folder from the stub plus one
misbehaviour, graded, and the outcome checked: the score, the reason in the
report, and that nothing outside its folder was touched. The submissions are
graded together, as a class, to keep this file fast.
"""
import json
import textwrap
import uuid

import pytest

from common.course import ROOT
from common.grading import cli, outputs, runner, sandbox as grade_sandbox
from tests.grading.submissions import (KATA, ONE_HOT, STUB, first_failure, kata_of, make_submission,
                                       one_hot_points, stub_with)

LANDLOCK = grade_sandbox.landlock_abi() > 0
CANARY = ROOT / f"GRADER_CANARY_{uuid.uuid4().hex}.txt"  # must never appear

# name -> source of iterators.py
BAD = {
    "syntax_error": "def one_hot(labels, depth=10:\n    return labels\n",
    "raises_at_import": stub_with("raise RuntimeError('boom at import')"),
    "system_exit_at_import": stub_with("raise SystemExit(3)"),
    "endless_loop": stub_with("while True:\n    pass"),
    "memory_bomb": stub_with("hoard = [bytearray(2**24) for _ in range(100000)]  # 1.6 TB"),
    "crash_in_rand_iter": stub_with(ONE_HOT, """
        class RandIter(RandIter):
            def __init__(self, *args, **kwargs):
                # reads far past a one-element array: the process dies (SIGSEGV)
                np.lib.stride_tricks.as_strided(np.zeros(1), shape=(2**40,), strides=(4096,)).sum()
        """),
    "prints_megabytes": stub_with(ONE_HOT, """
        print("spam " * 1_000_000)
        def preprocess_mnist(images_uint8, size=64, channels=3):
            print("ham " * 250_000)
            raise AssertionError("wrong " * 200_000)
        """),
    "writes_outside": stub_with(f"""
        from pathlib import Path
        Path.home().joinpath("inside.txt").write_text("fine: HOME is the temporary folder")
        Path({str(CANARY)!r}).write_text("pwned")
        """),
}


@pytest.fixture(scope="module")
def bad_class(tmp_path_factory):
    """Every bad submission graded as one class: (grades by name, out folder)."""
    root = tmp_path_factory.mktemp("class")
    paths = [make_submission(root / "submissions" / name, source) for name, source in BAD.items()]
    grades = runner.grade(paths, katas=[KATA], jobs=2, timeout=10, memory_mb=1500, progress=False)
    out = root / "grades"
    outputs.write(grades, out, single=False)
    return {g["submission"]: g for g in grades}, out


# ------------------------------------------------------- bad submissions

def test_syntax_error_scores_zero_with_the_line(bad_class):
    g = bad_class[0]["syntax_error"]
    assert g["score"] == 0 and g["max_score"] > 0
    assert "SyntaxError" in kata_of(g)["problem"] and "line 1" in kata_of(g)["problem"]


@pytest.mark.parametrize("name, reason", [("raises_at_import", "RuntimeError: boom at import"),
                                          ("system_exit_at_import", "SystemExit")])
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


def test_a_crash_during_the_tests_keeps_only_what_passed_before(bad_class):
    g = bad_class[0]["crash_in_rand_iter"]
    assert g["score"] == one_hot_points(g) > 0, "the one_hot tests ran and passed before RandIter crashed"
    assert "killed by SIGSEGV during test_rand_iter" in kata_of(g)["problem"]
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
    assert kata_of(g)["status"] == "tampered"
    assert f"open '{CANARY}' for writing" in kata_of(g)["problem"]


def test_the_class_gets_a_gradebook(bad_class):
    grades, out = bad_class
    rows = (out / "gradebook.csv").read_text().splitlines()
    assert rows[0].startswith(f"submission,{KATA},total,max_total")
    assert len(rows) == 1 + len(BAD)
    assert not list(out.glob(".*")), "no temporary files left behind"


def test_results_json_is_in_the_gradescope_format(bad_class):
    grades, out = bad_class
    results = json.loads((out / "crash_in_rand_iter" / "results.json").read_text())
    assert results["score"] == pytest.approx(one_hot_points(grades["crash_in_rand_iter"]), abs=1e-4)
    [test] = results["tests"]  # one entry per kata
    assert test["name"] == f"1. {KATA}" and test["max_score"] == pytest.approx(10)
    assert test["status"] == "failed" and test["visibility"] == "visible" and test["output_format"] == "md"
    assert "killed by SIGSEGV" in test["output"]


# ---------------------------------------------------- without Landlock

def test_without_landlock_writes_outside_are_detected(tmp_path):
    """The fallback: the grader hashes the watched tree after each run. (A
    Python open() is refused by the guard anyway; MXNet writes files in C.)"""
    watched = tmp_path / "project"
    watched.mkdir()
    (watched / "tests.py").write_text("original")
    source = STUB + f"\nmx.nd.save({str(watched / 'tests.py')!r}, {{'x': mx.nd.ones(1)}})\n"
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
    mirrored = ONE_HOT.replace("out[np.arange(labels.size), labels] = 1.0",
                               "out[np.arange(labels.size), depth - 1 - labels] = 1.0")
    wrong = make_submission(root / "wrong_one_hot", stub_with(mirrored))
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
    weights = sum(t["weight"] for t in ref["tests"])  # public (1 each) and hidden (3 and 1)
    hidden_share = 10 * 4 / weights                 # the kata's 10 points, split by weight
    assert kata_of(ref)["hidden_total"] == 2
    assert kata_of(ref)["hidden_score"] == pytest.approx(hidden_share, abs=1e-6)
    assert ref["score"] == pytest.approx(10) and ref["max_score"] == pytest.approx(10)
    assert kata_of(wrong)["hidden_passed"] == 0
    assert kata_of(wrong)["hidden_max_score"] == pytest.approx(hidden_share, abs=1e-6)
    assert 0 < wrong["score"] < one_hot_points(wrong), "the rejects_bad_labels tests pass, the others not"
    report = (out / "wrong_one_hot" / "report.md").read_text()
    results = (out / "wrong_one_hot" / "results.json").read_text()
    assert f"hidden tests: 0 of 2 passed (0 / {round(hidden_share, 2)} points)" in report
    for text in (report, results):
        assert "secret" not in text.lower()
    hidden = [t for t in json.loads(results)["tests"] if "hidden" in t["tags"]]
    assert len(hidden) == 1 and hidden[0]["visibility"] == "after_due_date"
    assert hidden[0]["max_score"] == pytest.approx(hidden_share, abs=1e-4)


def test_the_command_line_writes_one_report(tmp_path):
    sub = make_submission(tmp_path / "learner", STUB + "\nraise ImportError('no such thing')\n")
    assert cli.main(["--submission", str(sub), "--out", str(tmp_path / "out"), "--katas", KATA,
                         "--timeout", "60", "--memory-mb", "1500", "--no-progress"]) == 0
    report = (tmp_path / "out" / "report.md").read_text()
    assert "**Total: 0 / " in report and "ImportError: no such thing" in report
    assert json.loads((tmp_path / "out" / "results.json").read_text())["score"] == 0


# ------------------------------------------------------- names and reports

def test_learner_names_stay_unique_and_safe():
    names, warnings = runner.unique_names(["/c/ada", "/d/ada", "/c/ada-2", "/c/gradebook.csv", "/c/x y#`"])
    assert names == ["ada", "ada-3", "ada-2", "gradebook.csv-learner", "x_y__"]
    assert len(set(names)) == len(names)
    assert len(warnings) == 3 and "/d/ada is graded as 'ada-3'" in warnings[0]


def test_a_class_folder_skips_hidden_folders_with_a_warning(tmp_path):
    for name in ("ada", "_bob", ".git", "__MACOSX"):
        (tmp_path / name).mkdir()
    said = []
    learners = cli.class_folder(tmp_path, said.append)
    assert [p.name for p in learners] == ["_bob", "ada"]
    assert len(said) == 2 and all("skipped" in s for s in said)


def test_markdown_in_messages_cannot_escape_its_fence():
    grade = {"submission": "ada", "score": 0, "max_score": 1, "katas": {KATA: {
        "score": 0, "max_score": 1, "passed": 0, "failed": 1, "not_attempted": 0, "skipped": 0,
        "status": "in progress", "problem": "# Fake heading [link](http://x)", "hidden_total": 0,
        "first_failure": ("test_x", "boom\n```\n# Full marks: 100 / 100\n```")}}}
    text = outputs.markdown(grade)
    lines = text.splitlines()
    assert "# Full marks: 100 / 100" not in [line.strip() for line in lines if not line.startswith("  ")]
    assert "- problem: # Fake heading \\[link\\](http://x)" in text
    fence = next(line for line in lines if line.strip().startswith("````"))
    assert fence.strip() == "````", "the fence is longer than any run of backticks in the message"


# ------------------------------------------------- a class, its overview, a regrade

def test_a_class_gets_an_overview_and_a_regrade_keeps_the_others(tmp_path):
    """class.md / class.png beside gradebook.csv; regrading one learner into
    the class folder updates their row and keeps everyone else's."""
    subs = tmp_path / "class"
    flat_noise = """
        class RandIter(mx.io.DataIter):
            def __init__(self, batch_size, ndim, dist="normal"):
                super().__init__(batch_size)
                self.provide_data = [("rand", (batch_size, ndim))]
                self.provide_label = []

            def reset(self):
                pass

            def iter_next(self):
                return True

            def getdata(self):
                return [mx.nd.zeros(self.provide_data[0][1])]
        """
    make_submission(subs / "ada", stub_with(ONE_HOT, flat_noise))
    make_submission(subs / "bob", STUB)
    make_submission(subs / "cy", stub_with("import os"))
    out = tmp_path / "out"
    args = ["--out", str(out), "--katas", KATA, "--timeout", "60", "--memory-mb", "1500", "--no-progress"]
    assert cli.main(["--submissions", str(subs)] + args) == 0
    for name in ("gradebook.csv", "class.md", "class.png"):
        assert (out / name).is_file(), name
    assert (out / "class.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    overview = (out / "class.md").read_text()
    assert "# Class overview: 3 learners" in overview
    assert "| iterators |" in overview and "33%" in overview  # in progress, not attempted, broken
    assert "The most common first failures" in overview and "**1 of 3** in iterators: ` test_rand_iter" in overview
    rows = {r.split(",")[0]: r for r in (out / "gradebook.csv").read_text().splitlines()[1:]}
    assert set(rows) == {"ada", "bob", "cy"} and rows["bob"].split(",")[1] == "0"
    # bob finishes one_hot and is regraded alone into the class folder
    (subs / "bob" / f"{KATA}.py").write_text(stub_with(ONE_HOT))
    assert cli.main(["--submission", str(subs / "bob")] + args) == 0
    again = {r.split(",")[0]: r for r in (out / "gradebook.csv").read_text().splitlines()[1:]}
    assert set(again) == {"ada", "bob", "cy"}, "the others are kept"
    assert again["bob"].split(",")[1] not in ("0", rows["bob"].split(",")[1])
    assert again["ada"] == rows["ada"]
    assert again["cy"] == rows["cy"]


def test_misplaced_files_are_named_and_a_folder_without_learners_is_an_error(tmp_path, capsys):
    learner = tmp_path / "ada"
    (learner / "katas").mkdir(parents=True)
    (learner / "katas" / f"{KATA}.py").write_text(STUB)
    assert cli.misplaced(learner, [KATA]) == [
        f"ada: no {KATA}.py (not attempted); found katas/{KATA}.py: move it to the top of the folder"]
    empty_class = tmp_path / "class"
    (empty_class / "ada" / "docs").mkdir(parents=True)
    assert cli.main(["--submissions", str(empty_class), "--katas", KATA, "--no-progress"]) == 2
    assert "holds no kata module" in capsys.readouterr().err


def test_points_come_from_one_file(tmp_path):
    from common.grading.results import load_points
    assert load_points()[KATA] == 10
    custom = tmp_path / "points.toml"
    custom.write_text(f"[katas]\n{KATA} = 25\n")
    assert load_points(custom)[KATA] == 25 and load_points(custom)["cgan"] == 10
    custom.write_text("[katas]\nnot_a_kata = 3\n")
    with pytest.raises(ValueError, match="not a kata of the course"):
        load_points(custom)
    sub = make_submission(tmp_path / "ada", stub_with(ONE_HOT))
    custom.write_text(f"[katas]\n{KATA} = 25\n")
    [g] = runner.grade([sub], katas=[KATA], jobs=1, timeout=60, memory_mb=1500, progress=False,
                       points=load_points(custom))
    assert g["max_score"] == pytest.approx(25)
    assert g["score"] == pytest.approx(25 * one_hot_points(g) / 25, abs=1e-6)
