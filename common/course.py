"""The course: the katas in the order a learner should do them.

This table is the one place that names the katas, with their titles,
summaries, points and hints. The Makefile, the progress report, the stub
check, the mutant runner, the grader and the README's table all read it
(``python -m common.course`` prints it as the README's Markdown table).

Each kata ``name`` owns four places, mirrored across the tree:

    katas/<name>.py          the stub the learner edits (its docstrings are the contract)
    solutions/<name>.py      the reference
    tests/test_<name>.py     its tests
    tests/mutants/<name>/    known-wrong variants the tests must catch

and its hints, ``common/hints/<name>.md`` (``make hint KATA=<name>``).
"""
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HINTS = Path(__file__).resolve().parent / "hints"
DEFAULT_POINTS = 10  # what a kata is worth when graded, split over its tests


@dataclass(frozen=True)
class Kata:
    """One row of the course table."""

    number: int
    name: str
    title: str
    summary: str
    points: float = DEFAULT_POINTS

    @property
    def stub(self):
        return ROOT / "katas" / f"{self.name}.py"

    @property
    def reference(self):
        return ROOT / "solutions" / f"{self.name}.py"

    @property
    def tests(self):
        return ROOT / "tests" / f"test_{self.name}.py"

    @property
    def mutants(self):
        return ROOT / "tests" / "mutants" / self.name

    @property
    def hints(self):
        return HINTS / f"{self.name}.md"


COURSE = tuple(Kata(number, *row) for number, row in enumerate([
    ("iterators", "Data iterators",
     "a random-noise DataIter, MNIST preprocessing and batching, one-hot digits"),
    ("conv_shapes", "Convolution shapes",
     "output sizes of convolution and deconvolution stacks, planning a generator"),
    ("visualize", "Image grids",
     "image grids: see what a generator makes"),
    ("unrolled_rnn", "An unrolled RNN",
     "a three-step RNN unrolled by hand, with shared weights"),
    ("textgen", "Text generation",
     "a Gluon LSTM/GRU character-level text generator"),
    ("dcgan_module", "DCGAN with Module",
     "a DCGAN training step with Symbol + Module"),
    ("dcgan_gluon", "DCGAN with Gluon",
     "a DCGAN training step with Gluon + autograd"),
    ("cgan", "Conditional GAN",
     "a conditional GAN training step with Symbol + executors"),
], start=1))

KATAS = tuple(k.name for k in COURSE)
BY_NAME = {k.name: k for k in COURSE}


def kata(name):
    """The course row of ``name``; ValueError listing the katas, in course order, otherwise."""
    if name not in BY_NAME:
        raise ValueError(f"unknown kata {name!r}; the katas, in course order, are: {', '.join(KATAS)}")
    return BY_NAME[name]


def check_name(name):
    """Return ``name`` or raise ValueError listing the valid names."""
    return kata(name).name


def test_file(name):
    """The test module of a kata."""
    return kata(name).tests


def available():
    """Katas whose tests exist, in course order."""
    return [k.name for k in COURSE if k.tests.exists()]


def next_after(name):
    """The kata that follows ``name`` in the course, or None after the last."""
    index = KATAS.index(name)
    return COURSE[index + 1] if index + 1 < len(COURSE) else None


def markdown_table():
    """The README's progression table."""
    lines = ["| # | kata | what you build |", "| - | ---- | -------------- |"]
    lines += [f"| {k.number} | `{k.name}` | {k.summary} |" for k in COURSE]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["names"]:
        print(" ".join(KATAS))  # for the Makefile: the katas in course order
    else:
        print(markdown_table())
