"""UnrolledRNN with its three steps written out, Dense layers given their in_units, and mx.nd.Activation."""
import mxnet as mx
from mxnet import gluon
from mxnet.gluon import nn

from solutions.unrolled_rnn import *  # noqa: F401,F403


class UnrolledRNN(gluon.Block):
    def __init__(self, vocab_size, num_embed, num_hidden):
        super().__init__()
        with self.name_scope():
            self.embedding = nn.Embedding(vocab_size, num_embed)
            self.input_to_hidden = nn.Dense(num_hidden, in_units=num_embed)
            self.hidden_to_hidden = nn.Dense(num_hidden, in_units=num_hidden)
            self.output = nn.Dense(vocab_size, in_units=num_hidden)

    def forward(self, inputs):
        e1, e2, e3 = (self.embedding(inputs)[:, t, :] for t in range(3))
        h1 = mx.nd.Activation(self.input_to_hidden(e1), act_type="tanh")
        h2 = mx.nd.Activation(self.input_to_hidden(e2) + self.hidden_to_hidden(h1), act_type="tanh")
        h3 = mx.nd.Activation(self.input_to_hidden(e3) + self.hidden_to_hidden(h2), act_type="tanh")
        return self.output(h3)
