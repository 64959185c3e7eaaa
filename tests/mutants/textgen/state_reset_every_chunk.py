"""train_epoch starts every chunk from the zero state instead of carrying the state on."""
import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403
from tests.mutants import rewire


def _zero_like(hidden):
    return [h.zeros_like() for h in hidden]


train_epoch = rewire(ref.train_epoch, globals(), detach=_zero_like)
