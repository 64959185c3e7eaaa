"""Kata 4: unrolled_rnn -- a recurrent network unrolled by hand.

Predict the 4th character of a text from the 3 before it. A feed-forward
network could do that with one layer per position, but then "e" in first
place and "e" in third place would be two unrelated things to learn. A
recurrent network applies the *same* input-to-hidden layer at every step and
the *same* hidden-to-hidden layer between steps; only the hidden state carries
what came earlier. Unrolled over three characters:

    h1 = tanh(W_ih e1)
    h2 = tanh(W_ih e2 + W_hh h1)
    h3 = tanh(W_ih e3 + W_hh h2)
    logits = W_ho h3

where ``e_t`` is the embedding of character t and every ``W`` is an
``nn.Dense`` layer with its bias. Writing it out by hand shows what
``rnn.RNN`` does for you in the textgen kata.

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=unrolled_rnn``.
"""
import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn

WINDOW = 3  # characters the network reads before predicting the next one


def char_vocab(text):
    """The character vocabulary of ``text``.

    Returns a tuple ``(chars, char_to_index, index_to_char)``:

    - ``chars``: the unique characters of ``text``, sorted (a str or a list);
    - ``char_to_index``: dict, ``chars[i] -> i``;
    - ``index_to_char``: dict, ``i -> chars[i]``.

    Sorting makes the vocabulary the same on every run (``set`` order is not),
    so a saved model still means the same characters when you load it.
    """
    raise NotImplementedError("char_vocab: sorted unique characters and the two index maps")


def encode(text, vocab):
    """``text`` as a 1-d numpy array of integer indices, one per character,
    using ``vocab`` (what ``char_vocab`` returns). A character that is not in
    the vocabulary raises ValueError naming it."""
    raise NotImplementedError("encode: look every character up in char_to_index")


def three_char_windows(idx, stride=WINDOW):
    """Cut an encoded text into training examples for the unrolled RNN.

    Returns ``(inputs, targets)``: ``inputs`` of shape ``(N, 3)`` and
    ``targets`` of shape ``(N,)`` (numpy arrays). Window ``k`` starts at
    ``s = k * stride``; its inputs are ``idx[s], idx[s+1], idx[s+2]`` and its
    target is the next character, ``idx[s+3]``. Every window whose target
    exists is included, and no other.

    The default ``stride=3`` (as in the tutorial) gives non-overlapping
    inputs: "I_love_mxnet" becomes I_l->o, ove->_, _mx->n. ``stride=1``
    gives every window (4 times the examples from the same text).

    Hint: build the start positions with ``np.arange`` and index with
    ``starts[:, None] + np.arange(3)``; no Python loop is needed.
    """
    raise NotImplementedError("three_char_windows")


class UnrolledRNN(gluon.Block):
    """``UnrolledRNN(vocab_size, num_embed, num_hidden)``: (B, 3) character
    indices -> (B, vocab_size) logits for the 4th character.

    Build exactly four layers, in these attributes (the tests look for them):

    - ``self.embedding``: ``nn.Embedding(vocab_size, num_embed)``;
    - ``self.input_to_hidden``: ``nn.Dense(num_hidden)``, used at all 3 steps;
    - ``self.hidden_to_hidden``: ``nn.Dense(num_hidden)``, used at steps 2 and 3;
    - ``self.output``: ``nn.Dense(vocab_size)``.

    ``forward`` computes the formula at the top of this file: embed, then
    ``h1 = tanh(W_ih e1)``, ``h2 = tanh(W_ih e2 + W_hh h1)``,
    ``h3 = tanh(W_ih e3 + W_hh h2)`` and returns ``output(h3)``, the raw
    logits (no softmax: the loss applies it).

    Sharing means calling the *same* layer object three times, never creating
    one layer per step: the model has 7 parameter arrays whatever the window.
    Give the Dense layers their ``in_units`` (or run one forward pass before
    reading parameter shapes: Gluon infers missing shapes lazily).

    Hint: ``embedded[:, t, :]`` is the (B, num_embed) embedding of character t.
    """

    def __init__(self, vocab_size, num_embed, num_hidden):
        raise NotImplementedError("UnrolledRNN.__init__: create the four layers (inside self.name_scope())")

    def forward(self, inputs):
        """(B, 3) indices -> (B, vocab_size) logits, sharing the layers across steps."""
        raise NotImplementedError("UnrolledRNN.forward: unroll the three steps")


def train_step(model, trainer, loss_fn, inputs, targets):
    """One gradient step on one batch; returns the batch's mean loss as a
    Python float (the loss before the update).

    - ``model``: an ``UnrolledRNN``; ``trainer``: a ``gluon.Trainer`` over its
      parameters; ``loss_fn``: e.g. ``gluon.loss.SoftmaxCrossEntropyLoss()``,
      which expects raw logits (it applies the softmax itself);
    - ``inputs``: (B, 3) NDArray of indices; ``targets``: (B,) NDArray.

    Record the forward pass and the loss under ``autograd.record()``, call
    ``backward()``, then ``trainer.step(batch_size)`` so that the update uses
    the gradient averaged over the batch.
    """
    raise NotImplementedError("train_step: record, backward, trainer.step")
