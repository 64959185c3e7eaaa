"""D is updated with the real-batch gradient alone: the saved fake-batch gradients are never added."""
import types

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403


def _add_grads(module, saved):
    pass  # the copy was made, then forgotten


train_step = types.FunctionType(ref.train_step.__code__, {**vars(ref), "_add_grads": _add_grads})
