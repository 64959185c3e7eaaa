"""generate draws by inverting the cumulative distribution (rng.random_sample) with MXNet's softmax, not rng.choice."""
import mxnet as mx
import numpy as np

from solutions.textgen import *  # noqa: F401,F403


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    _, char_to_index, index_to_char = vocab
    missing = [c for c in seed_text if c not in char_to_index]
    if not seed_text or missing or (temperature is not None and not temperature > 0):
        raise ValueError(f"need a non-empty seed of known characters (unknown: {missing}) and temperature > 0")
    ctx = list(model.collect_params().values())[0].data().context
    rng = np.random.RandomState(seed)
    state = model.begin_state(1, ctx=ctx)
    x = mx.nd.array([char_to_index[c] for c in seed_text], ctx=ctx).reshape((-1, 1))
    text = ""
    while len(text) < length:
        logits, state = model(x, state)
        last = logits[-1]
        if temperature is None:
            k = int(last.argmax(axis=0).asscalar())
        else:
            p = mx.nd.softmax(last.astype("float64") / temperature).asnumpy()
            k = min(int(np.searchsorted(np.cumsum(p), rng.random_sample(), side="right")), len(p) - 1)
        text += index_to_char[k]
        x = mx.nd.array([[k]], ctx=ctx)
    return text
