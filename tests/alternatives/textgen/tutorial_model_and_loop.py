"""The tutorial's own GluonRNNModel (a plain Block with forward) and training loop, adapted to the contract's names."""
import math

import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn, rnn

from solutions.textgen import *  # noqa: F401,F403
from solutions.textgen import MODES, get_batch


class GluonRNNModel(gluon.Block):
    """A model with an encoder, recurrent layer, and a decoder."""

    def __init__(self, mode, vocab_size, num_embed, num_hidden,
                 num_layers=1, dropout=0.5, **kwargs):
        super(GluonRNNModel, self).__init__(**kwargs)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        with self.name_scope():
            self.drop = nn.Dropout(dropout)
            self.embedding = nn.Embedding(vocab_size, num_embed,
                                          weight_initializer=mx.init.Uniform(0.1))
            if mode == 'lstm':
                self.rnn = rnn.LSTM(num_hidden, num_layers, dropout=dropout,
                                    input_size=num_embed)
            elif mode == 'gru':
                self.rnn = rnn.GRU(num_hidden, num_layers, dropout=dropout,
                                   input_size=num_embed)
            else:
                self.rnn = rnn.RNN(num_hidden, num_layers, activation='tanh', dropout=dropout,
                                   input_size=num_embed)
            self.decoder = nn.Dense(vocab_size, in_units=num_hidden)
            self.num_hidden = num_hidden

    # define the forward pass of the neural network
    def forward(self, inputs, hidden):
        emb = self.drop(self.embedding(inputs))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output.reshape((-1, self.num_hidden)))
        return decoded, hidden

    # Initial state of network
    def begin_state(self, *args, **kwargs):
        return self.rnn.begin_state(*args, **kwargs)


def detach(hidden):
    if isinstance(hidden, (tuple, list)):
        hidden = [i.detach() for i in hidden]
    else:
        hidden = hidden.detach()
    return hidden


def train_epoch(model, data, trainer, loss_fn, seq_len, clip=None):
    batch_size, context = data.shape[1], data.context
    total_L, count = 0.0, 0
    hidden = model.begin_state(func=mx.nd.zeros, batch_size=batch_size, ctx=context)
    for ibatch, i in enumerate(range(0, data.shape[0] - 1, seq_len)):
        batch, target = get_batch(data, i, seq_len)
        hidden = detach(hidden)
        with autograd.record():
            output, hidden = model(batch, hidden)
            L = loss_fn(output, target)  # this is total loss associated with seq_length
            L.backward()
        if clip is not None:
            grads = [i.grad(context) for i in model.collect_params().values()]
            # Here gradient is for the whole batch.
            # So we multiply max_norm by batch_size and seq_length to balance it.
            gluon.utils.clip_global_norm(grads, clip * batch.shape[0] * batch_size)
        trainer.step(batch_size)
        total_L += mx.nd.sum(L).asscalar()
        count += L.size
    return float(total_L / count), math.exp(total_L / count)
