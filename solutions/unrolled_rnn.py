"""Reference solution of the unrolled_rnn kata: predict the 4th character
from the 3 before it with a recurrent network unrolled by hand.

The network applies the *same* input-to-hidden layer to every character and
the *same* hidden-to-hidden layer at every step; only the hidden state
carries what came earlier:

    h1 = tanh(W_ih e1)
    h2 = tanh(W_ih e2 + W_hh h1)
    h3 = tanh(W_ih e3 + W_hh h2)
    logits = W_ho h3

(``e_t`` is the embedding of character t; every ``W`` is a Dense layer with
its bias.)
"""
from collections import namedtuple

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn

WINDOW = 3  # characters the network reads before predicting the next one

_Vocab = namedtuple("_Vocab", "chars char_to_index index_to_char")


def char_vocab(text):
    """The sorted unique characters of ``text`` and both index maps, as a
    (chars, char_to_index, index_to_char) tuple."""
    chars = "".join(sorted(set(text)))
    return _Vocab(chars, {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)})


def encode(text, vocab):
    """``text`` as an int32 numpy array of character indices."""
    char_to_index = vocab[1]
    unknown = sorted(set(text) - set(char_to_index))
    if unknown:
        raise ValueError(f"characters not in the vocabulary: {unknown!r}")
    return np.array([char_to_index[c] for c in text], dtype=np.int32)


def three_char_windows(idx, stride=WINDOW):
    """Inputs (N, 3) and targets (N,): window k reads idx[s:s+3] and its
    target is idx[s+3], with s = k * stride. The default stride 3 gives
    non-overlapping inputs, as in the tutorial; stride 1 gives every window."""
    idx = np.asarray(idx)
    if idx.ndim != 1:
        raise ValueError(f"idx must be a 1-d sequence of indices, got shape {idx.shape}")
    if stride < 1:
        raise ValueError(f"stride must be positive, got {stride}")
    starts = np.arange(0, len(idx) - WINDOW, stride)
    inputs = idx[starts[:, None] + np.arange(WINDOW)].reshape(len(starts), WINDOW)
    return inputs, idx[starts + WINDOW]


class UnrolledRNN(gluon.Block):
    """(B, 3) character indices -> (B, vocab_size) logits of the 4th character."""

    def __init__(self, vocab_size, num_embed, num_hidden):
        super().__init__()
        with self.name_scope():
            self.embedding = nn.Embedding(vocab_size, num_embed)
            self.input_to_hidden = nn.Dense(num_hidden)   # in_units found at the first call
            self.hidden_to_hidden = nn.Dense(num_hidden)
            self.output = nn.Dense(vocab_size)

    def forward(self, inputs):
        embedded = self.embedding(inputs)                     # (B, 3, num_embed)
        hidden = None
        for t in range(WINDOW):
            step = self.input_to_hidden(embedded[:, t, :])
            if hidden is not None:
                step = step + self.hidden_to_hidden(hidden)
            hidden = mx.nd.tanh(step)
        return self.output(hidden)


def train_step(model, trainer, loss_fn, inputs, targets):
    """One update on one batch; returns the batch's mean loss (a float)
    before the update."""
    with autograd.record():
        loss = loss_fn(model(inputs), targets)
    loss.backward()
    trainer.step(inputs.shape[0])
    return float(loss.mean().asscalar())
