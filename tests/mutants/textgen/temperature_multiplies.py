"""Sampling from softmax(logits * temperature): a high temperature sharpens instead of flattening."""
import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def generate(model, seed_text, length, vocab, temperature=None, seed=None):
    if temperature is not None and temperature > 0:
        temperature = 1.0 / temperature
    return ref.generate(model, seed_text, length, vocab, temperature, seed)
