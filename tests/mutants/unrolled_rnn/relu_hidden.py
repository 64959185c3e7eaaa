"""The hidden state goes through relu (as in the tutorial's Dense(activation='relu')) instead of tanh."""
import mxnet as mx

from solutions.unrolled_rnn import *  # noqa: F401,F403
from solutions.unrolled_rnn import UnrolledRNN as _Right


class UnrolledRNN(_Right):
    def forward(self, inputs):
        e = self.embedding(inputs)
        h = mx.nd.relu(self.input_to_hidden(e[:, 0, :]))
        for t in (1, 2):
            h = mx.nd.relu(self.input_to_hidden(e[:, t, :]) + self.hidden_to_hidden(h))
        return self.output(h)
