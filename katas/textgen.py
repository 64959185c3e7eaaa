"""Kata 5: textgen -- a character-level language model with Gluon's LSTM.

The unrolled RNN read 3 characters. Gluon's recurrent layers (``rnn.LSTM``,
``rnn.GRU``, ``rnn.RNN``) run the same loop over any number of steps, fast,
and carry their state from one chunk of text to the next. Here you train one
on Nietzsche and make it write.

Layout: MXNet's recurrent layers default to TNC, time first: an input of
shape (seq_len, batch, features) and states of shape
(num_layers, batch, num_hidden). Feeding (batch, seq_len, ...) to a TNC layer
is the classic silent mistake: it runs, on nonsense.

A vocabulary ``vocab`` is the ``(chars, char_to_index, index_to_char)``
triple of the unrolled_rnn kata's ``char_vocab``.

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=textgen``
and, when the tests pass, ``make demo-textgen IMPL=katas``.
"""
import math

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn, rnn

MODES = ("lstm", "gru", "rnn")


def batchify(idx, batch_size, ctx=None):
    """Lay an encoded text out as ``batch_size`` parallel streams.

    ``idx``: 1-d sequence of character indices. Returns a float32 NDArray of
    shape ``(num_batches, batch_size)`` with ``num_batches = len(idx) //
    batch_size`` (the leftover characters are dropped), on ``ctx`` (the
    current context when None). Column ``j`` is the contiguous piece
    ``idx[j * num_batches:(j + 1) * num_batches]``: reading a column top to
    bottom reads the text, so the hidden state of stream ``j`` can be
    carried from one chunk to the next. Fewer characters than
    ``batch_size`` raise ValueError.

    Example: "abcdefghij" with batch_size 3 gives the columns "abc", "def"
    and "ghi", that is the rows [a d g], [b e h], [c f i]; "j" is dropped.

    Hint: reshape to (batch_size, num_batches), then transpose.
    """
    raise NotImplementedError("batchify: (num_batches, batch_size), time-major")


def get_batch(source, i, seq_len):
    """The chunk of ``source`` (num_batches, B) that starts at row ``i``.

    Returns ``(data, target)``:

    - ``data``: rows ``i`` to ``i + seq - 1``, shape ``(seq, B)`` (time-major);
    - ``target``: the rows one step later, ``i + 1`` to ``i + seq``, flattened
      to ``(seq * B,)`` to line up with the model's flattened logits.

    ``seq`` is ``seq_len``, or fewer at the end of the data: the last row
    has no next character, so ``seq = min(seq_len, num_batches - 1 - i)``.
    When no row after ``i`` is left (``seq < 1``) raise ValueError.
    """
    raise NotImplementedError("get_batch: data rows and the rows one step later")


class GluonRNNModel(gluon.HybridBlock):
    """``GluonRNNModel(mode, vocab_size, num_embed, num_hidden, num_layers=1, dropout=0.5)``

    Embedding -> dropout -> recurrent layer -> dropout -> Dense decoder.
    Keep the layers in these attributes (the tests copy parameters by them):

    - ``self.embedding``: ``nn.Embedding(vocab_size, num_embed)``;
    - ``self.rnn``: for mode ``"lstm"`` ``rnn.LSTM``, ``"gru"`` ``rnn.GRU``,
      ``"rnn"`` ``rnn.RNN`` with ``activation="tanh"``; each with
      ``num_hidden`` units, ``num_layers`` layers, ``dropout`` between
      layers, ``input_size=num_embed`` and the default layout TNC;
    - ``self.decoder``: ``nn.Dense(vocab_size, in_units=num_hidden)``;
    - ``self.drop``: ``nn.Dropout(dropout)`` (dropout is only active while
      training, under ``autograd.record()``).

    Any other mode raises ValueError.

    It is a HybridBlock, so ``model.hybridize(static_alloc=True,
    static_shape=True)`` compiles it (several times faster on small layers).
    """

    def __init__(self, mode, vocab_size, num_embed, num_hidden, num_layers=1, dropout=0.5):
        raise NotImplementedError("GluonRNNModel.__init__: build the layers (inside self.name_scope())")

    def hybrid_forward(self, F, inputs, hidden):
        """``inputs`` (seq, B) indices and ``hidden`` (a list of state arrays)
        -> ``(logits, new_hidden)`` with logits of shape ``(seq * B, vocab_size)``.

        The recurrent layer returns ``(output, new_hidden)`` when you pass it
        the states. Flatten its (seq, B, num_hidden) output to
        (seq * B, num_hidden) before the decoder (``reshape((-1, n))``;
        use ``F``-style operations only: this code also runs symbolically).
        """
        raise NotImplementedError("GluonRNNModel.hybrid_forward")

    def begin_state(self, batch_size, ctx=None):
        """The zero initial state for ``batch_size`` streams: a list of
        ``(num_layers, batch_size, num_hidden)`` arrays on ``ctx`` (two for an
        LSTM, h and c; one for GRU and RNN).

        Hint: the recurrent layer has a ``begin_state`` of its own.
        """
        raise NotImplementedError("GluonRNNModel.begin_state")


def detach(hidden):
    """The state ``hidden`` (a list of NDArrays, or one NDArray) with the
    same values but cut off from the graph that computed it.

    Between two chunks of text the values of the state must carry over (the
    text goes on), but the gradient must not: back-propagating into every
    earlier chunk would make each step cost more than the last. Cutting it
    is *truncated* back-propagation through time.

    Hint: ``NDArray.detach()``.
    """
    raise NotImplementedError("detach")


def train_epoch(model, data, trainer, loss_fn, seq_len, clip=None):
    """One pass over ``data`` (the ``(num_batches, B)`` output of
    ``batchify``), in chunks of ``seq_len`` steps.

    Returns ``(loss, perplexity)``: the mean loss per character (nats/char,
    a float) over the whole epoch and ``exp(loss)``.

    - Start from ``model.begin_state(B, ctx=data.context)``; for each chunk
      (``get_batch`` from row 0, seq_len rows at a time, the last chunk
      possibly shorter) detach the state, then under ``autograd.record()``
      run the model on the chunk and ``loss_fn`` (a
      ``SoftmaxCrossEntropyLoss``) against the targets; ``backward()``.
    - When ``clip`` is not None, clip the gradients with
      ``gluon.utils.clip_global_norm`` *before* ``trainer.step(B)``.
      The gradient you clip is summed over the seq * B characters of the
      chunk, and ``trainer.step(B)`` divides it by B; so that ``clip`` bounds
      the gradient *per character*, clip to ``clip * seq * B``.
    - Accumulate the loss without calling ``asscalar()`` every chunk if you
      can: each call makes Python wait for the engine.
    """
    raise NotImplementedError("train_epoch: truncated BPTT with clipping")


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    """Let the model write: return ``length`` new characters (a str) that
    continue ``seed_text``.

    - Start from ``model.begin_state(1, ...)`` on the model's context; run the
      whole seed as one (len(seed_text), 1) input; the logits of its *last*
      row predict the next character.
    - Then feed back one character at a time, shape (1, 1), carrying the
      state (no need to re-read the seed).
    - ``temperature=None``: take the most likely character (greedy).
      Otherwise draw from ``softmax(logits / temperature)`` with
      ``numpy.random.RandomState(seed)``: the same seed gives the same text;
      small temperatures approach greedy, large ones approach uniform noise.
    - An empty seed, a character not in ``vocab`` (name it in the message)
      or a temperature <= 0 raise ValueError.
    """
    raise NotImplementedError("generate")
