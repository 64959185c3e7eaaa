"""No tanh on the hidden state: the three steps collapse into one linear map."""
from solutions.unrolled_rnn import *  # noqa: F401,F403
from solutions.unrolled_rnn import UnrolledRNN as _Right


class UnrolledRNN(_Right):
    def forward(self, inputs):
        e = self.embedding(inputs)
        h = self.input_to_hidden(e[:, 0, :])
        h = self.input_to_hidden(e[:, 1, :]) + self.hidden_to_hidden(h)
        h = self.input_to_hidden(e[:, 2, :]) + self.hidden_to_hidden(h)
        return self.output(h)
