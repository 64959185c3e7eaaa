"""mode 'rnn' built with rnn.RNN's default relu activation instead of tanh."""
from mxnet.gluon import rnn

from solutions.textgen import *  # noqa: F401,F403
from solutions.textgen import GluonRNNModel as _Right


class GluonRNNModel(_Right):
    def __init__(self, mode, vocab_size, num_embed, num_hidden, num_layers=1, dropout=0.5):
        super().__init__(mode, vocab_size, num_embed, num_hidden, num_layers, dropout)
        if mode == "rnn":
            with self.name_scope():
                self.rnn = rnn.RNN(num_hidden, num_layers, dropout=dropout, input_size=num_embed)
