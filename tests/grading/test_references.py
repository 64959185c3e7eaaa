"""Every reference, graded as a learner's submission, gets full marks: the
grader's children must run the tests as `make test` runs them."""
from common import course
from common.course import ROOT
from common.grading import runner


def test_every_reference_gets_full_marks_as_in_make_test(monkeypatch):
    """Catches a grade that differs from the learner's own run: in the grader's
    locked-down child, hypothesis could not read the tests' sources and drew
    other examples than `make test` (derandomized on the source), and the
    unrolled_rnn reference lost a test there that it passes in `make verify`; and
    with all the cores to one child (jobs=1), the grader gave MXNet two engine
    workers, which run a BatchNorm statistic's write after the forward reading it.
    Catches too a grader that starts a child for every kata: with one job, one
    child runs them all, as `make test` does."""
    children, real = [], runner._run_child
    monkeypatch.setattr(runner, "_run_child", lambda job, suites: children.append(
        [suite.kata for suite in suites]) or real(job, suites))
    [grade] = runner.grade([ROOT / "solutions"], jobs=1, timeout=240, memory_mb=2048, progress=False)
    lost = {name: (kata["status"], kata["first_failure"], kata["problem"])
            for name, kata in grade["katas"].items() if kata["score"] != kata["max_score"]}
    assert not lost and grade["score"] == grade["max_score"] > 0, lost
    assert children == [course.available()]
