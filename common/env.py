"""Process set-up for MXNet: CPU threads, warning filters, the device and seeds.

MXNet reads ``OMP_NUM_THREADS`` once, when it is imported, and uses half the
cores when the variable is unset. :func:`configure_process` therefore has to
run before the first ``import mxnet``; ``import common`` does it for you.

:func:`select_context` is the one device picker of the project (tests, demos
and benchmarks all use it): ``mx.gpu(0)`` only when MXNet can really run
there, else the CPU, with the reason.
"""
import functools
import math
import os
import random
import warnings

# MXNet 1.9.1 touches numpy aliases and distutils at import time, which emits
# DeprecationWarnings from inside mxnet. They are not the learner's business.
MXNET_WARNING_MODULES = r"mxnet(\.|$)"


def configure_process():
    """Set OMP_NUM_THREADS (unless the user did), keep MXNet's start-up lines
    ("Subgraph backend MKLDNN is activated") quiet, and silence mxnet's own
    import-time DeprecationWarnings. Safe to call more than once."""
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    os.environ.setdefault("MXNET_SUBGRAPH_VERBOSE", "0")
    warnings.filterwarnings("ignore", category=DeprecationWarning,
                            module=MXNET_WARNING_MODULES)


@functools.lru_cache(maxsize=None)
def select_context():
    """(ctx, note): ``mx.gpu(0)`` when MXNet sees a GPU *and* can run a tiny
    convolution and matrix product on it, else ``mx.cpu()``. The note says
    which and why (e.g. the mxnet-cu112 wheel has no kernels for an H100).
    Probed once per process."""
    import mxnet as mx
    try:
        gpus = mx.context.num_gpus()
    except Exception as error:  # a CPU build may raise instead of answering 0
        return mx.cpu(), f"CPU (MXNet cannot query GPUs: {first_line(error)})"
    if gpus == 0:
        return mx.cpu(), "CPU (MXNet sees no GPU)"
    return probe_gpu(mx, gpus)


def probe_gpu(mx, gpus):
    """(ctx, note) after a tiny convolution and matrix product on mx.gpu(0)."""
    try:
        gpu = mx.gpu(0)
        x = mx.nd.ones((2, 3, 8, 8), ctx=gpu)
        w = mx.nd.ones((4, 3, 3, 3), ctx=gpu)
        y = mx.nd.Convolution(x, w, kernel=(3, 3), num_filter=4, no_bias=True)
        total = float(mx.nd.dot(y.reshape((2, -1)), y.reshape((2, -1)).T).sum().asscalar())
        if not math.isfinite(total):
            raise RuntimeError("a tiny convolution gave a non-finite result")
    except Exception as error:
        return mx.cpu(), (f"CPU: MXNet sees {gpus} GPU(s) but cannot run on mx.gpu(0) "
                          f"({first_line(error)}). The mxnet-cu112 wheel has kernels for compute "
                          "capability 5.0 to 8.6 only; an H100/H200 is 9.0. Falling back to the CPU.")
    return mx.gpu(0), f"GPU mx.gpu(0) ({gpus} seen)"


def default_context():
    """The context to run on: see :func:`select_context`."""
    return select_context()[0]


def first_line(error):
    """The first line of an exception's message (MXNet's run to pages)."""
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


def seed_everything(seed=0):
    """Seed Python's, numpy's and MXNet's generators (on every device)."""
    import numpy as np
    import mxnet as mx
    random.seed(seed)
    np.random.seed(seed)
    mx.random.seed(seed)
