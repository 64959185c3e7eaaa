"""generate runs the model under autograd.train_mode(): dropout stays on while it writes."""
from mxnet import autograd

import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    with autograd.train_mode():
        return ref.generate(model, seed_text, length, vocab, temperature, seed)
