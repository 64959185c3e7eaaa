"""A separate input-to-hidden Dense per step: three unshared copies of W_ih."""
import mxnet as mx
from mxnet.gluon import nn

from solutions.unrolled_rnn import *  # noqa: F401,F403
from solutions.unrolled_rnn import UnrolledRNN as _Shared


class UnrolledRNN(_Shared):
    def __init__(self, vocab_size, num_embed, num_hidden):
        super().__init__(vocab_size, num_embed, num_hidden)
        with self.name_scope():
            self.input_to_hidden_2 = nn.Dense(num_hidden, in_units=num_embed)
            self.input_to_hidden_3 = nn.Dense(num_hidden, in_units=num_embed)

    def forward(self, inputs):
        e = self.embedding(inputs)
        h = mx.nd.tanh(self.input_to_hidden(e[:, 0, :]))
        h = mx.nd.tanh(self.input_to_hidden_2(e[:, 1, :]) + self.hidden_to_hidden(h))
        h = mx.nd.tanh(self.input_to_hidden_3(e[:, 2, :]) + self.hidden_to_hidden(h))
        return self.output(h)
