"""The katas, in the order a learner should do them. This list is the one
place that names them: the progress report, the mutant check, the stub check
and the grader all read it."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

KATAS = (
    "iterators",
    "conv_shapes",
    "visualize",
    "unrolled_rnn",
    "textgen",
    "dcgan_module",
    "dcgan_gluon",
    "cgan",
)

SUMMARY = {
    "iterators": "data iterators: random noise, MNIST batches, one-hot digits",
    "conv_shapes": "output sizes of convolution and deconvolution stacks",
    "visualize": "image grids: see what a generator makes",
    "unrolled_rnn": "a three-step RNN unrolled by hand, with shared weights",
    "textgen": "a Gluon LSTM/GRU character-level text generator",
    "dcgan_module": "a DCGAN training step with Symbol + Module",
    "dcgan_gluon": "a DCGAN training step with Gluon + autograd",
    "cgan": "a conditional GAN training step with Symbol + executors",
}


def test_file(kata):
    """The test module of a kata."""
    return ROOT / "tests" / f"test_{kata}.py"


def available():
    """Katas whose tests exist, in progression order."""
    return [k for k in KATAS if test_file(k).exists()]


def check_name(kata):
    """Return ``kata`` or raise ValueError listing the valid names."""
    if kata not in KATAS:
        raise ValueError(f"unknown kata {kata!r}; the katas are: {', '.join(KATAS)}")
    return kata
