"""Submissions for the grader's tests: the stub of the iterators kata plus
one behaviour each, built as a learner's folder would be."""
import textwrap

from common.course import ROOT

KATA = "iterators"
STUB = (ROOT / "katas" / f"{KATA}.py").read_text()
REFERENCE = (ROOT / "solutions" / f"{KATA}.py").read_text()

# one_hot written out (a submission may not import the reference)
ONE_HOT = textwrap.dedent('''
    def one_hot(labels, depth=10):
        labels = np.asarray(labels)
        if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
            raise ValueError("one_hot expects a 1-d integer array")
        if labels.size and (labels.min() < 0 or labels.max() >= depth):
            raise ValueError(f"labels must lie in [0, {depth})")
        out = np.zeros((labels.size, depth), dtype=np.float32)
        out[np.arange(labels.size), labels] = 1.0
        return out
    ''')


def stub_with(*parts):
    """The stub with each of ``parts`` appended (each dedented)."""
    return STUB + "".join("\n" + textwrap.dedent(part) for part in parts)


def make_submission(folder, source):
    """A learner's folder holding ``iterators.py``, plus files of its own the
    grader must ignore (a conftest that would exit, a pytest.ini that would
    switch the tests off)."""
    folder.mkdir(parents=True)
    (folder / f"{KATA}.py").write_text(source)
    (folder / "conftest.py").write_text("import os\nos._exit(0)\n")
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p no:python\n")
    return folder


def kata_of(grade):
    return grade["katas"][KATA]


def one_hot_points(grade):
    """The points of the one_hot tests (they come first in tests/test_iterators.py),
    rounded as the grader rounds a kata's score."""
    return round(sum(t["max_score"] for t in grade["tests"] if t["name"].startswith("test_one_hot")), 6)


def first_failure(grade):
    return kata_of(grade)["first_failure"][1]
