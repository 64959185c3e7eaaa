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
triple of the unrolled_rnn kata's ``char_vocab``; it may hold more than 256
characters. Sizes and indices (``batch_size``, ``i``, ``seq_len``,
``length``) may be Python ints or numpy integers. Every array a function
returns is a float32 NDArray on the context the docstring names.

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=textgen``
and, when the tests pass, ``make demo-textgen IMPL=katas``.
Stuck? ``common/hints/textgen.md`` has three levels of hints.
"""
import math

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn, rnn

MODES = ("lstm", "gru", "rnn")


def batchify(idx, batch_size, ctx=None):
    """Lay an encoded text out as ``batch_size`` parallel streams.

    ``idx``: a 1-d sequence of character indices (a list, or a numpy array of
    any integer dtype). Returns a float32 NDArray of shape
    ``(num_batches, batch_size)`` with ``num_batches = len(idx) //
    batch_size`` (the leftover characters are dropped), on ``ctx``, or on
    the current context (``mx.current_context()``) when ``ctx`` is None.
    Column ``j`` is the contiguous piece
    ``idx[j * num_batches:(j + 1) * num_batches]``: reading a column top to
    bottom reads the text, so the hidden state of stream ``j`` can be
    carried from one chunk to the next. A ``batch_size`` below 1, or fewer
    characters than ``batch_size``, raises ValueError.

    Example: "abcdefghij" with batch_size 3 gives the columns "abc", "def"
    and "ghi", that is the rows [a d g], [b e h], [c f i]; "j" is dropped.
    """
    raise NotImplementedError("batchify: (num_batches, batch_size), time-major")


def get_batch(source, i, seq_len):
    """The chunk of ``source`` (a ``(num_batches, B)`` NDArray) that starts at row ``i``.

    Returns ``(data, target)``, NDArrays of ``source``'s dtype on its context:

    - ``data``: rows ``i`` to ``i + seq - 1``, shape ``(seq, B)`` (time-major);
    - ``target``: the rows one step later, ``i + 1`` to ``i + seq``, flattened
      to ``(seq * B,)`` to line up with the model's flattened logits.

    ``seq`` is ``seq_len``, or fewer at the end of the data: the last row
    has no next character, so ``seq = min(seq_len, num_batches - 1 - i)``.
    A negative ``i``, a ``seq_len`` below 1, or no row left after ``i``
    (``seq < 1``) raises ValueError.
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
    - ``self.drop``: ``nn.Dropout(dropout)``, applied twice per forward
      pass: to the embeddings, then to the recurrent layer's output.

    Dropout is active only in training mode (under ``autograd.record()``):
    there, with the same parameters and the same ``mx.random.seed``, your
    model must give exactly the reference's logits, so draw no other random
    numbers in the forward pass. Outside it the model is deterministic.
    Any other mode raises ValueError.

    It is a HybridBlock, so ``model.hybridize(static_alloc=True,
    static_shape=True)`` compiles it (several times faster on small layers).
    """

    def __init__(self, mode, vocab_size, num_embed, num_hidden, num_layers=1, dropout=0.5):
        raise NotImplementedError("GluonRNNModel.__init__: build the layers (inside self.name_scope())")

    def hybrid_forward(self, F, inputs, hidden):
        """``inputs`` (seq, B) indices and ``hidden`` (a list of state arrays)
        -> ``(logits, new_hidden)``: float32 logits of shape
        ``(seq * B, vocab_size)``, row ``t * B + b`` for step t of stream b,
        and the new state list. Use ``F``-style operations only: this code
        also runs symbolically once the model is hybridized.
        """
        raise NotImplementedError("GluonRNNModel.hybrid_forward")

    def begin_state(self, batch_size, ctx=None):
        """The zero initial state for ``batch_size`` streams: a list of float32
        ``(num_layers, batch_size, num_hidden)`` NDArrays on ``ctx`` (the
        current context when None): two for an LSTM (h and c), one for GRU
        and RNN.
        """
        raise NotImplementedError("GluonRNNModel.begin_state")


def detach(hidden):
    """The state ``hidden`` with the same values, cut off from the graph that
    computed it: a list of NDArrays gives a list, one NDArray gives one NDArray.

    Between two chunks of text the values of the state must carry over (the
    text goes on), but the gradient must not: back-propagating into every
    earlier chunk would make each step cost more than the last. Cutting it
    is *truncated* back-propagation through time.
    """
    raise NotImplementedError("detach")


def train_epoch(model, data, trainer, loss_fn, seq_len, clip=None):
    """One pass over ``data`` (the ``(num_batches, B)`` output of
    ``batchify``, on the model's context), in chunks of ``seq_len`` steps.

    Returns ``(loss, perplexity)``, two Python floats: the mean loss per
    character (nats/char) over the whole epoch (every character counts once,
    whatever the length of its chunk) and ``exp(loss)``.

    - Start from ``model.begin_state(B, ctx=data.context)``; take the chunks
      of ``get_batch`` from row 0, ``seq_len`` rows at a time (the last one
      possibly shorter), carrying the state from chunk to chunk but cutting
      its graph (``detach``) before each one.
    - For each chunk, in training mode (dropout on): the forward pass and
      ``loss_fn`` (a ``SoftmaxCrossEntropyLoss``) against the targets,
      ``backward()``, then ``trainer.step(B)``.
    - When ``clip`` is not None, clip the gradients with
      ``gluon.utils.clip_global_norm`` before ``trainer.step(B)``. The
      gradient you clip is summed over the seq * B characters of the chunk,
      and ``trainer.step(B)`` divides it by B; so that ``clip`` bounds the
      gradient *per character*, clip to ``clip * seq * B``.
    """
    raise NotImplementedError("train_epoch: truncated BPTT with clipping")


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    """Let the model write: return a str of ``length`` new characters that
    continue ``seed_text``.

    - Generation runs in inference mode (no dropout: the same model, seed
      text and seed always give the same text), on the context the model's
      parameters live on.
    - Start from the model's zero state; run the whole seed as one
      ``(len(seed_text), 1)`` input; the logits of its *last* row predict the
      next character. Then feed back one character at a time, shape (1, 1),
      carrying the state (no need to re-read the seed).
    - ``temperature=None``: take the most likely character (greedy).
      Otherwise draw each character from ``softmax(logits / temperature)``
      using ``numpy.random.RandomState(seed)`` (how you draw from it is up
      to you): the same seed gives the same text; small temperatures
      approach greedy, large ones approach uniform noise.
    - An empty seed, a character not in ``vocab`` (name it in the message)
      or a temperature <= 0 raise ValueError.
    """
    raise NotImplementedError("generate")
