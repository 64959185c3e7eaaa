"""Targets not shifted by one: the model learns to copy its input."""
import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def get_batch(source, i, seq_len):
    data, _ = ref.get_batch(source, i, seq_len)
    return data, data.reshape((-1,))
