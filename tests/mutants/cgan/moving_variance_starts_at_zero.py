"""G's BatchNorm moving variances start at 0 (left as allocated) instead of 1."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def make_executors(*args, **kwargs):
    gan = ref.make_executors(*args, **kwargs)
    for n, a in gan.G.aux_dict.items():
        a[:] = 0
    return gan
