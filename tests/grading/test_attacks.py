"""Hostile submissions: each attack on the grader is graded in one class with
an honest learner, and must score 0 with the reason shown, while the honest
learner keeps full marks. (The threat model is in README.md, "Grading".)

An attack that breaks the kata rules in its source never runs: the report
names the line and the rule. One that hides from the source check is refused
at run time by the guard (common/grading/guard.py) or the sandbox, and
scores 0 as tampering even if it catches the refusal."""
import json

import pytest

from common.course import ROOT
from common.grading import outputs, runner, sandbox
from common.grading.markup import md
from tests.grading.submissions import KATA, ONE_HOT, REFERENCE, kata_of, make_submission, stub_with

LANDLOCK = sandbox.landlock_abi() > 0

# name -> (source of iterators.py, what the report must say)
ATTACKS = {
    # full marks from a stub: make pytest report passes
    "pytest_noop": (stub_with("""
        import _pytest.python
        _pytest.python.Function.runtest = lambda self: None
        """), "`import _pytest.python` is not allowed"),
    "gc_reach_the_plugin": (stub_with("""
        import gc
        plugins = [o for o in gc.get_objects() if type(o).__name__ == "_Grader"]
        """), "`import gc` is not allowed"),
    "sys_through_a_library": (stub_with("""
        modules = mx.base.sys.modules
        """), "the attribute .sys leads out of the kata"),
    "sys_through_getattr": (stub_with("""
        modules = getattr(getattr(mx.base, "s" + "ys"), "mod" + "ules")
        """), "refused at run time, line "),
    "frames_through_a_traceback": (stub_with("""
        try:
            1 / 0
        except ZeroDivisionError as error:
            frame = error.__traceback__.tb_frame
        """), "the attribute __traceback__"),
    # points for wrong answers: patch what the tests compare with
    "patch_assert_allclose": (stub_with("""
        np.testing.assert_allclose = lambda *args, **kwargs: None
        """), "`np.testing.assert_allclose`: attributes may only be set on self"),
    "patch_a_module_through_self": (stub_with("""
        class Sneaky:
            def put(self, value):
                self.assert_array_equal = value
        Sneaky.put(np.testing, lambda *args, **kwargs: None)
        """), "setting numpy.testing.assert_array_equal"),
    "patch_a_class_through_self": (stub_with("""
        class Sneaky:
            def put(self, value):
                self.infer_shape = value
        Sneaky.put(mx.sym.Symbol, lambda self, **shapes: ([], [(1,)], []))
        """), "replaced mxnet.symbol.symbol.Symbol.infer_shape"),
    # a patch kept across the first tests and undone before the file ends
    # (caught because every watched name is checked after every test)
    "patch_undone_before_the_end": (stub_with(ONE_HOT, """
        class Sneaky:
            def put(self, value):
                self.asnumpy = value
        ORIGINAL = mx.nd.NDArray.asnumpy
        Sneaky.put(mx.nd.NDArray, lambda self: np.zeros(self.shape, dtype=np.float32))
        class RandIter(RandIter):
            def __init__(self, *args, **kwargs):
                Sneaky.put(mx.nd.NDArray, ORIGINAL)
                super().__init__(*args, **kwargs)
        """), "replaced mxnet.ndarray.ndarray.NDArray.asnumpy"),
    "equal_to_anything": (stub_with("""
        class Anything(int):
            def __eq__(self, other):
                return True
        """), "class Anything may not define __eq__"),
    "swap_the_reference": (stub_with("""
        import sys
        sys.modules["solutions.iterators"] = sys.modules[__name__]
        """), "`import sys` is not allowed"),
    # copying
    "import_the_reference": ("from solutions.iterators import *\n",
                             "`from solutions.iterators import ...` is not allowed"),
    "read_the_reference": (stub_with(f"""
        SOURCE = open({str(ROOT / 'solutions' / 'iterators.py')!r}).read()
        """), f"open '{ROOT / 'solutions' / 'iterators.py'}'"),
    "read_a_classmate": (stub_with("""
        from pathlib import Path
        SOURCE = (Path.cwd().parent.parent / "honest" / "iterators.py").read_text()
        """), "refused at run time, line "),
    # breaking the class run
    "fill_dev_shm": (stub_with("""
        HOARD = np.memmap("/dev/shm/hoard", mode="w+", dtype=np.uint8, shape=(2**30,))
        """), "open '/dev/shm/hoard' for writing"),
    "exec_a_string": (stub_with("""
        exec("import os")
        """), "`exec` is not allowed"),
}


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    """Every attack and one honest learner (the reference), graded as one class."""
    root = tmp_path_factory.mktemp("hostile")
    paths = [make_submission(root / "submissions" / "honest", REFERENCE)]
    paths += [make_submission(root / "submissions" / name, source) for name, (source, _) in ATTACKS.items()]
    grades = runner.grade(paths, katas=[KATA], jobs=2, timeout=60, memory_mb=2048, progress=False)
    out = root / "grades"
    outputs.write(grades, out, single=False)
    return {g["submission"]: g for g in grades}, out


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_each_attack_scores_zero_and_is_named(hostile_class, name):
    grades, out = hostile_class
    g = grades[name]
    reason = ATTACKS[name][1]
    problem = kata_of(g)["problem"] or ""
    assert g["score"] == 0, f"{name} scored {g['score']}: {problem}"
    assert reason in problem, f"{name}: expected {reason!r} in the reason, got {problem!r}; {kata_of(g).get('output_tail')}"
    assert kata_of(g)["status"] in ("broken", "tampered"), kata_of(g)["status"]
    report = (out / name / "report.md").read_text()
    assert md(reason.split(",")[0]) in report


def test_a_run_stops_at_the_first_tampering(hostile_class):
    """Catches a child that runs the rest of the tests after the tampering
    that already costs the kata its points (grader time spent for nothing)."""
    g = hostile_class[0]["sys_through_getattr"]
    outputs = [test["output"] for test in g["tests"]]
    stopped = [o for o in outputs if o.startswith("did not run: stopped at the first tampering")]
    assert len(stopped) >= len(outputs) - 2, outputs[:3]


def test_the_honest_learner_in_a_hostile_class_keeps_full_marks(hostile_class):
    honest = hostile_class[0]["honest"]
    assert honest["score"] == honest["max_score"] > 0, (kata_of(honest), kata_of(honest).get("output_tail"))
    assert kata_of(honest)["status"] == "done"


def test_nothing_is_left_in_dev_shm_or_the_project(hostile_class):
    assert not (ROOT / "solutions" / "iterators.py.orig").exists()
    import os
    assert not os.path.exists("/dev/shm/hoard")


def test_the_grader_command_line_stays_out_of_reach(tmp_path):
    """A submission that looks through /proc for the grader (to find the hidden
    tests and the classmates on its command line) and prints what it found in
    a public failure message: it sees nothing of the grader."""
    source = stub_with(ONE_HOT, """
        from pathlib import Path
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    found.append(open(entry / "cmdline", "rb").read().decode(errors="replace"))
                except OSError as error:
                    found.append(str(error))
        raise RuntimeError("FOUND " + " | ".join(found))
        """)
    sub = make_submission(tmp_path / "spy", source)
    [g] = runner.grade([sub], katas=[KATA], jobs=1, timeout=60, memory_mb=2048, progress=False)
    assert g["score"] == 0
    text = json.dumps(g)
    assert "common.grading.cli" not in text and "test_attacks" not in text, "the grader's command line leaked"


def test_an_attack_that_catches_the_refusal_still_scores_zero(tmp_path):
    """Catching the PermissionError does not help: the refusal is recorded."""
    source = stub_with(ONE_HOT, """
        try:
            SECRET = open("/etc/hostname-of-the-grader-does-not-matter", "w")
        except PermissionError:
            SECRET = None
        """)
    sub = make_submission(tmp_path / "catcher", source)
    [g] = runner.grade([sub], katas=[KATA], jobs=1, timeout=60, memory_mb=2048, progress=False)
    assert g["score"] == 0 and kata_of(g)["status"] == "tampered"
    assert "for writing" in kata_of(g)["problem"]


def test_the_sandbox_says_what_protects_it(hostile_class):
    honest = hostile_class[0]["honest"]
    assert "kata rules" in honest["sandbox"]
    if LANDLOCK:
        assert "Landlock ABI" in honest["sandbox"]
    results = json.loads((hostile_class[1] / "honest" / "results.json").read_text())
    assert results["extra_data"]["sandbox"] == honest["sandbox"]


def test_the_whole_run_has_a_deadline_and_fails_loudly(tmp_path):
    """A run that passes its deadline kills what still runs, reports a grader
    error for it (score 0, said in the report) and the command exits non-zero."""
    sub = make_submission(tmp_path / "slow", stub_with("while True:\n    pass"))
    [g] = runner.grade([sub], katas=[KATA], jobs=1, timeout=600, memory_mb=1500, progress=False,
                       run_deadline=8)
    assert g["score"] == 0 and g["grader_errors"]
    assert "the whole run passed its deadline of 8 s" in kata_of(g)["problem"]
    assert not sandbox._active, "every child was killed"
