"""The first character is dropped from the sum: step 2 ignores h1."""
import mxnet as mx

from solutions.unrolled_rnn import *  # noqa: F401,F403
from solutions.unrolled_rnn import UnrolledRNN as _Right


class UnrolledRNN(_Right):
    def forward(self, inputs):
        e = self.embedding(inputs)
        h = mx.nd.tanh(self.input_to_hidden(e[:, 1, :]))
        h = mx.nd.tanh(self.input_to_hidden(e[:, 2, :]) + self.hidden_to_hidden(h))
        return self.output(h)
