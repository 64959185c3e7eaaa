"""A learner's katas run in one grading child, as `make test` runs them (one
start of Python, MXNet and pytest instead of one a kata); a kata whose tests
do not all pass there is graded again alone, so its grade never depends on
another kata's code and a crash or tampering is pinned on the kata that did it."""
import pytest

from common import course
from common.course import ROOT
from common.grading import runner
from common.grading.suites import Suite
from tests.grading.submissions import REFERENCE, make_submission
from tests.grading.test_attacks import ATTACKS

KATAS = ["iterators", "conv_shapes"]
CONV_SHAPES = (ROOT / "solutions" / "conv_shapes.py").read_text()
COUNT_PARAMS = "return sum(_layer_params(shape, layer, bias) for shape, layer in zip(shapes, layers))"
CONV_OUT = '    """Output size of a convolution (MXNet floors the division)."""\n'
# reads far past a one-element array: the process dies (SIGSEGV)
SEGFAULT = "    np.lib.stride_tricks.as_strided(np.zeros(1), shape=(2**40,), strides=(4096,)).sum()\n"
assert COUNT_PARAMS in CONV_SHAPES and CONV_OUT in CONV_SHAPES


def learner(folder, iterators, conv_shapes=CONV_SHAPES):
    make_submission(folder, iterators)
    (folder / "conv_shapes.py").write_text(conv_shapes)
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Three learners graded as one class, two jobs: (grades by name, the
    katas of each child each learner had, in order). (One child for all of a
    right learner's katas: tests/grading/test_references.py.)"""
    root = tmp_path_factory.mktemp("together")
    paths = [learner(root / "one_wrong", REFERENCE, CONV_SHAPES.replace(COUNT_PARAMS, COUNT_PARAMS + " + 1")),
             learner(root / "crashes", REFERENCE,
                     "import numpy as np\n" + CONV_SHAPES.replace(CONV_OUT, CONV_OUT + SEGFAULT)),
             learner(root / "tampers", ATTACKS["sys_through_getattr"][0])]
    children = {path.name: [] for path in paths}
    real = runner._run_child

    def run_child(job, suites):
        children[ROOT.joinpath(job["submission"]).name].append([suite.kata for suite in suites])
        return real(job, suites)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "_run_child", run_child)
        grades = runner.grade(paths, katas=KATAS, jobs=2, timeout=120, memory_mb=2048, progress=False)
    return {g["submission"]: g for g in grades}, children


def full_marks(kata):
    return kata["score"] == kata["max_score"] > 0 and kata["problem"] is None


def test_a_kata_failing_there_is_graded_again_alone(graded):
    """Catches a grader that keeps a shared child's failures: a kata's grade
    would then depend on what the other katas' code did to the process."""
    grades, children = graded
    assert children["one_wrong"] == [KATAS, ["conv_shapes"]]
    katas = grades["one_wrong"]["katas"]
    assert full_marks(katas["iterators"])
    assert 0 < katas["conv_shapes"]["score"] < katas["conv_shapes"]["max_score"]
    failed = [t["name"] for t in grades["one_wrong"]["tests"] if t["status"] == "failed"]
    assert failed and any("count_params" in name for name in failed), failed


def test_a_crash_is_pinned_on_its_kata(graded):
    """Catches a grader that blames every kata of a child that crashed, or
    runs again the katas whose tests had all passed before the crash."""
    grades, children = graded
    assert children["crashes"] == [KATAS, ["conv_shapes"]]
    katas = grades["crashes"]["katas"]
    assert full_marks(katas["iterators"])
    assert "SIGSEGV" in katas["conv_shapes"]["problem"] and katas["conv_shapes"]["score"] == 0


def test_tampering_is_pinned_on_its_kata(graded):
    """Catches a grader that gives every kata of the child 0 for one kata's
    tampering, or lets the tampering kata keep its points."""
    grades, children = graded
    assert children["tampers"] == [KATAS, ["iterators"], ["conv_shapes"]]
    katas = grades["tampers"]["katas"]
    assert katas["iterators"]["score"] == 0 and katas["iterators"]["status"] == "tampered"
    assert ATTACKS["sys_through_getattr"][1] in katas["iterators"]["problem"]
    assert full_marks(katas["conv_shapes"])


def test_one_learner_fills_the_workers_and_a_class_gets_a_child_a_learner():
    """Catches chunks that start a child a kata (a class pays eight start-ups
    a learner), one child for a lone learner (a core stays idle), uneven
    halves, and hidden tests mixed into the public tests' child (they have
    their own root folder)."""
    public = [Suite(kata, [], [(f"test_{kata}.py::t", 1)]) for kata in course.KATAS]
    hidden = [Suite(kata, [], [("t", 1)], hidden=True, rootdir=ROOT / "hidden") for kata in KATAS]
    everything = public + hidden
    one = runner._chunks([[None] * len(everything)], everything, jobs=2)
    assert sorted(len(numbers) for _, numbers in one) == [1, 1, 4, 4]
    halves = [sum(runner.TEST_SECONDS[everything[j].kata] for j in numbers) for _, numbers in one
              if not everything[numbers[0]].hidden]
    assert max(halves) - min(halves) <= max(runner.TEST_SECONDS.values())
    assert all(len({everything[j].hidden for j in numbers}) == 1 for _, numbers in one)
    stub_done = [None] * len(public)
    stub_done[0] = {"tests": {}}  # decided without a child (say, not in the submission)
    three = runner._chunks([[None] * len(public), stub_done, [None] * len(public)], public, jobs=2)
    assert [(i, len(numbers)) for i, numbers in three] == [(0, 8), (1, 7), (2, 8)]
    assert set(runner.TEST_SECONDS) == set(course.KATAS), "each kata's usual seconds, to split evenly"
