"""train_epoch records with autograd.record(train_mode=False): the model trains without dropout."""
from mxnet import autograd

import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403
from tests.mutants import rewire


class _Autograd:
    """autograd, except that record() never switches to training mode."""
    def __getattr__(self, name):
        return getattr(autograd, name)

    @staticmethod
    def record(train_mode=True):
        return autograd.record(train_mode=False)


train_epoch = rewire(ref.train_epoch, globals(), autograd=_Autograd())
