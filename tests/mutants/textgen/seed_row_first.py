"""Generation reads the logits of the seed's first row, not its last."""
import mxnet as mx
import numpy as np

import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    _, char_to_index, index_to_char = vocab
    if not seed_text or set(seed_text) - set(char_to_index):
        raise ValueError(f"bad seed text {seed_text!r}")
    ctx = ref._context_of(model)
    hidden = model.begin_state(1, ctx=ctx)
    inputs = mx.nd.array([[char_to_index[c]] for c in seed_text], ctx=ctx)
    out = []
    for _ in range(length):
        logits, hidden = model(inputs, hidden)
        nxt = int(logits[0].asnumpy().argmax())
        out.append(index_to_char[nxt])
        inputs = mx.nd.array([[nxt]], ctx=ctx)
    return "".join(out)
