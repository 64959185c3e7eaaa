"""train_epoch and generate call model.begin_state(B) without ctx: on a GPU the state and the data would live apart."""
import math

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon

import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def train_epoch(model, data, trainer, loss_fn, seq_len, clip=None):
    batch_size = data.shape[1]
    hidden = model.begin_state(batch_size)
    total, count = 0.0, 0
    for i in range(0, data.shape[0] - 1, seq_len):
        inputs, targets = get_batch(data, i, seq_len)
        hidden = detach(hidden)
        with autograd.record():
            output, hidden = model(inputs, hidden)
            loss = loss_fn(output, targets)
        loss.backward()
        if clip is not None:
            grads = [p.grad(data.context) for p in model.collect_params().values()]
            gluon.utils.clip_global_norm(grads, clip * inputs.shape[0] * batch_size)
        trainer.step(batch_size)
        total += float(loss.sum().asscalar())
        count += loss.size
    return total / count, math.exp(total / count)


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    ref.generate(model, seed_text, 0, vocab, temperature, seed)  # the checks
    _, char_to_index, index_to_char = vocab
    ctx = ref._context_of(model)
    rng, hidden = np.random.RandomState(seed), model.begin_state(1)
    inputs, out = mx.nd.array([[char_to_index[c]] for c in seed_text], ctx=ctx), []
    for _ in range(length):
        logits, hidden = model(inputs, hidden)
        last = logits[-1].asnumpy().astype(np.float64)
        if temperature is None:
            nxt = int(last.argmax())
        else:
            p = np.exp((last - last.max()) / temperature)
            nxt = int(rng.choice(len(p), p=p / p.sum()))
        out.append(index_to_char[nxt])
        inputs = mx.nd.array([[nxt]], ctx=ctx)
    return "".join(out)
