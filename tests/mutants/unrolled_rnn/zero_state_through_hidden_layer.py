"""Step 1 computes tanh(W_ih e1 + W_hh h0) with h0 = 0: W_hh's bias leaks into h1."""
import mxnet as mx

from solutions.unrolled_rnn import *  # noqa: F401,F403
from solutions.unrolled_rnn import UnrolledRNN as _Right


class UnrolledRNN(_Right):
    def forward(self, inputs):
        e = self.embedding(inputs)
        h = mx.nd.zeros((inputs.shape[0], self.hidden_to_hidden.weight.shape[0]), ctx=inputs.context)
        for t in range(3):
            h = mx.nd.tanh(self.input_to_hidden(e[:, t, :]) + self.hidden_to_hidden(h))
        return self.output(h)
