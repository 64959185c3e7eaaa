"""begin_state ignores ctx: the zero state is always made on the current context."""
import mxnet as mx

from solutions.textgen import *  # noqa: F401,F403
from solutions.textgen import GluonRNNModel as _Right


class GluonRNNModel(_Right):
    def begin_state(self, batch_size, ctx=None):
        return self.rnn.begin_state(batch_size=batch_size, func=mx.nd.zeros)
