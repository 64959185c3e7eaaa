"""Reference solution of the textgen kata: a character-level language model
with Gluon's LSTM / GRU / RNN layers, trained with truncated
back-propagation through time, and a text generator.

Shapes follow MXNet's recurrent layers' default layout TNC: time first,
then the batch, then the features.
"""
import math

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon
from mxnet.gluon import nn, rnn

MODES = ("lstm", "gru", "rnn")


def batchify(idx, batch_size, ctx=None):
    """(len(idx),) indices -> (num_batches, batch_size) float32 NDArray,
    column j holding the j-th contiguous slice of the text; the characters
    that do not fill a whole row are dropped."""
    idx = np.asarray(idx)
    if batch_size < 1 or len(idx) < batch_size:
        raise ValueError(f"{len(idx)} characters cannot fill a batch of {batch_size} columns")
    num_batches = len(idx) // batch_size
    columns = idx[: num_batches * batch_size].reshape(batch_size, num_batches)
    return mx.nd.array(columns.T, ctx=ctx or mx.current_context(), dtype="float32")


def get_batch(source, i, seq_len):
    """Rows i .. i+seq-1 of ``source`` (seq, B) and the targets, the rows one
    step later, flattened to (seq * B,). seq is seq_len, shorter at the end."""
    seq = min(seq_len, source.shape[0] - 1 - i)
    if i < 0 or seq < 1:
        raise ValueError(f"no targets after row {i} of a source with {source.shape[0]} rows")
    data = source[i: i + seq]
    target = source[i + 1: i + 1 + seq]
    return data, target.reshape((-1,))


class GluonRNNModel(gluon.HybridBlock):
    """Embedding -> dropout -> LSTM/GRU/RNN (TNC) -> dropout -> Dense decoder."""

    def __init__(self, mode, vocab_size, num_embed, num_hidden, num_layers=1, dropout=0.5):
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self.num_hidden = num_hidden
        with self.name_scope():
            self.drop = nn.Dropout(dropout)
            self.embedding = nn.Embedding(vocab_size, num_embed,
                                          weight_initializer=mx.init.Uniform(0.1))
            if mode == "lstm":
                self.rnn = rnn.LSTM(num_hidden, num_layers, dropout=dropout, input_size=num_embed)
            elif mode == "gru":
                self.rnn = rnn.GRU(num_hidden, num_layers, dropout=dropout, input_size=num_embed)
            else:
                self.rnn = rnn.RNN(num_hidden, num_layers, activation="tanh", dropout=dropout,
                                   input_size=num_embed)
            self.decoder = nn.Dense(vocab_size, in_units=num_hidden)

    def hybrid_forward(self, F, inputs, hidden):
        embedded = self.drop(self.embedding(inputs))          # (T, B, num_embed)
        output, hidden = self.rnn(embedded, hidden)           # (T, B, num_hidden)
        output = self.drop(output)
        return self.decoder(output.reshape((-1, self.num_hidden))), hidden

    def begin_state(self, batch_size, ctx=None):
        """The zero initial state: a list of (num_layers, batch_size, num_hidden)
        arrays (two for an LSTM: h and c; one for GRU and RNN)."""
        return self.rnn.begin_state(batch_size=batch_size, func=mx.nd.zeros,
                                    ctx=ctx or mx.current_context())


def detach(hidden):
    """The same state values, cut off from the graph that computed them."""
    if isinstance(hidden, mx.nd.NDArray):
        return hidden.detach()
    return [detach(h) for h in hidden]


def train_epoch(model, data, trainer, loss_fn, seq_len, clip=None):
    """One pass over ``data`` (num_batches, B) in chunks of seq_len steps.
    Returns (mean loss in nats per character, perplexity)."""
    batch_size = data.shape[1]
    hidden = model.begin_state(batch_size, ctx=data.context)
    total, count = mx.nd.zeros((1,), ctx=data.context), 0
    for i in range(0, data.shape[0] - 1, seq_len):
        inputs, targets = get_batch(data, i, seq_len)
        hidden = detach(hidden)  # truncated BPTT: no gradient into the previous chunk
        with autograd.record():
            output, hidden = model(inputs, hidden)
            loss = loss_fn(output, targets)
        loss.backward()
        if clip is not None:
            # The summed gradient of seq * B characters; trainer.step(B) divides it by B.
            # Clip it to clip * seq * B: the per-character gradient norm stays under clip.
            # check_isfinite=False: the check would read the norm back, making Python
            # wait for the engine at every chunk.
            grads = [p.grad(data.context) for p in model.collect_params().values()]
            gluon.utils.clip_global_norm(grads, clip * inputs.shape[0] * batch_size, check_isfinite=False)
        trainer.step(batch_size)
        total += loss.sum()
        count += loss.size
    mean = float(total.asscalar()) / count
    return mean, math.exp(mean)


def _context_of(model):
    return next(iter(model.collect_params().values())).list_ctx()[0]


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    """``length`` characters that continue ``seed_text``: the most likely one
    each time when temperature is None, else drawn from softmax(logits / T)
    with numpy.random.RandomState(seed)."""
    _, char_to_index, index_to_char = vocab
    if not seed_text:
        raise ValueError("seed_text must hold at least one character")
    unknown = sorted(set(seed_text) - set(char_to_index))
    if unknown:
        raise ValueError(f"seed_text holds characters that are not in the vocabulary: {unknown!r}")
    if temperature is not None and temperature <= 0:
        raise ValueError(f"temperature must be positive (or None for greedy), got {temperature}")
    ctx = _context_of(model)
    rng = np.random.RandomState(seed)
    hidden = model.begin_state(1, ctx=ctx)
    inputs = mx.nd.array([[char_to_index[c]] for c in seed_text], ctx=ctx)   # (T, 1)
    out = []
    for _ in range(length):
        logits, hidden = model(inputs, hidden)
        last = logits[-1].asnumpy().astype(np.float64)
        if temperature is None:
            nxt = int(last.argmax())
        else:
            z = last / temperature
            p = np.exp(z - z.max())
            nxt = int(rng.choice(len(p), p=p / p.sum()))
        out.append(index_to_char[nxt])
        inputs = mx.nd.array([[nxt]], ctx=ctx)
    return "".join(out)
