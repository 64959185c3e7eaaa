"""Process set-up for MXNet: CPU threads, warning filters, device and seeds.

MXNet reads ``OMP_NUM_THREADS`` once, when it is imported, and uses half the
cores when the variable is unset. :func:`configure_process` therefore has to
run before the first ``import mxnet``; ``import common`` does it for you.
"""
import os
import random
import warnings

# MXNet 1.9.1 touches numpy aliases and distutils at import time, which emits
# DeprecationWarnings from inside mxnet. They are not the learner's business.
MXNET_WARNING_MODULES = r"mxnet(\.|$)"


def configure_process():
    """Set OMP_NUM_THREADS (unless the user did) and silence mxnet's own
    import-time DeprecationWarnings. Safe to call more than once."""
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    warnings.filterwarnings("ignore", category=DeprecationWarning,
                            module=MXNET_WARNING_MODULES)


def mxnet_sees_gpu():
    """True when the installed MXNet was built with CUDA and finds a GPU."""
    import mxnet as mx
    try:
        return mx.context.num_gpus() > 0
    except mx.base.MXNetError:
        return False


def default_context():
    """``mx.gpu(0)`` when MXNet sees a GPU, else ``mx.cpu()``."""
    import mxnet as mx
    return mx.gpu(0) if mxnet_sees_gpu() else mx.cpu()


def seed_everything(seed=0):
    """Seed Python's, numpy's and MXNet's generators (on every device)."""
    import numpy as np
    import mxnet as mx
    random.seed(seed)
    np.random.seed(seed)
    mx.random.seed(seed)
