"""Kata 4: unrolled_rnn -- a recurrent network unrolled by hand.

Predict the 4th character from the 3 before it, with the *same* layers at
every step; only the hidden state carries what came earlier:

    h1 = tanh(W_ih e1)
    h2 = tanh(W_ih e2 + W_hh h1)
    h3 = tanh(W_ih e3 + W_hh h2)
    logits = W_ho h3

``e_t`` is character t's embedding; every ``W`` is an ``nn.Dense`` with its
bias (step 1 has no W_hh term). It is what ``rnn.RNN`` does in textgen.
Run ``make test KATA=unrolled_rnn``; hints: ``common/hints/unrolled_rnn.md``.
"""
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn

WINDOW = 3  # characters the network reads before predicting the next one


def char_vocab(text):
    """``(chars, char_to_index, index_to_char)``: the sorted unique characters
    of ``text`` (a str or a list; sorted, so runs agree) and two dicts,
    ``chars[i] -> i`` and ``i -> chars[i]``."""
    raise NotImplementedError("char_vocab")


def encode(text, vocab):
    """``text`` as a 1-d integer numpy array of indices in ``vocab`` (from
    ``char_vocab``; it may exceed 256 characters). A character not in it
    raises ValueError naming it."""
    raise NotImplementedError("encode")


def three_char_windows(idx, stride=WINDOW):
    """``(inputs, targets)``, integer numpy arrays of shapes (N, 3) and (N,)
    (of any dtype when ``idx`` is an empty list).

    Window ``k`` starts at ``s = k * stride`` in the 1-d ``idx`` (a list or
    array): inputs ``idx[s:s+3]``, target ``idx[s+3]``; every window whose
    target exists, and no other. Stride 3 (the tutorial's) turns
    "I_love_mxnet" into I_l->o, ove->_, _mx->n. A stride (Python or numpy
    integer) below 1, or an ``idx`` that is not 1-d, raises ValueError.
    """
    raise NotImplementedError("three_char_windows")


class UnrolledRNN(gluon.Block):
    """``UnrolledRNN(vocab_size, num_embed, num_hidden)``: (B, 3) indices ->
    (B, vocab_size) float32 raw logits (no softmax), on the inputs' context.

    Four layers, in these attributes, used as the formula above says:
    ``embedding`` (``nn.Embedding(vocab_size, num_embed)``), ``input_to_hidden``
    and ``hidden_to_hidden`` (``nn.Dense(num_hidden)``) and ``output``
    (``nn.Dense(vocab_size)``); each called again at every step, never
    copied: 7 parameter arrays in all.
    """

    def __init__(self, vocab_size, num_embed, num_hidden):
        raise NotImplementedError("UnrolledRNN.__init__")

    def forward(self, inputs):
        """(B, 3) indices -> (B, vocab_size) logits, sharing the layers across steps."""
        raise NotImplementedError("UnrolledRNN.forward")


def train_step(model, trainer, loss_fn, inputs, targets):
    """One step of ``trainer`` on ``inputs`` (B, 3) and ``targets`` (B,),
    with the gradient of the batch's *mean* ``loss_fn`` (e.g.
    ``SoftmaxCrossEntropyLoss()``, which applies the softmax itself).
    Returns that mean loss, before the update, as a Python float.
    """
    raise NotImplementedError("train_step")
