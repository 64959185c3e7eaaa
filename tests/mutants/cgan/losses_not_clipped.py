"""The losses take log of D's raw verdicts: a D that is sure (outputs 0 or 1) gives an infinite loss."""
import numpy as np

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire


def _bce(prob, label):
    p = prob.asnumpy().ravel()
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(p) if label == 1 else np.log(1 - p)))


d_step = rewire(ref.d_step, _bce=_bce)
g_step = rewire(ref.g_step, _bce=_bce)
train_step = rewire(ref.train_step, d_step=d_step, g_step=g_step)
