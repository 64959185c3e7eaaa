"""generate accepts temperatures <= 0: a negative one silently inverts the odds."""
import mxnet as mx
import numpy as np

import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    if temperature is None or temperature > 0:
        return ref.generate(model, seed_text, length, vocab, temperature, seed)
    _, char_to_index, index_to_char = vocab
    ref.generate(model, seed_text, 0, vocab)  # the other checks
    ctx = ref._context_of(model)
    rng, hidden = np.random.RandomState(seed), model.begin_state(1, ctx=ctx)
    inputs, out = mx.nd.array([[char_to_index[c]] for c in seed_text], ctx=ctx), []
    for _ in range(length):
        logits, hidden = model(inputs, hidden)
        z = logits[-1].asnumpy().astype(np.float64) / (temperature or 1e-12)
        p = np.exp(z - z.max())
        nxt = int(rng.choice(len(p), p=p / p.sum()))
        out.append(index_to_char[nxt])
        inputs = mx.nd.array([[nxt]], ctx=ctx)
    return "".join(out)
