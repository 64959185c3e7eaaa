"""The recurrent layer without input_size and the decoder without in_units: shapes unknown until the first pass."""
from mxnet.gluon import nn, rnn

from solutions.textgen import *  # noqa: F401,F403
from solutions.textgen import GluonRNNModel as _Right

LAYERS = {"lstm": rnn.LSTM, "gru": rnn.GRU}


class GluonRNNModel(_Right):
    def __init__(self, mode, vocab_size, num_embed, num_hidden, num_layers=1, dropout=0.5):
        super().__init__(mode, vocab_size, num_embed, num_hidden, num_layers, dropout)
        with self.name_scope():
            if mode in LAYERS:
                self.rnn = LAYERS[mode](num_hidden, num_layers, dropout=dropout)
            else:
                self.rnn = rnn.RNN(num_hidden, num_layers, activation="tanh", dropout=dropout)
            self.decoder = nn.Dense(vocab_size)
