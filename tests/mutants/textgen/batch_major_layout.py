"""Layout NTC fed to a TNC layer: get_batch hands out (B, seq) chunks."""
import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403


def get_batch(source, i, seq_len):
    data, target = ref.get_batch(source, i, seq_len)
    return data.T, target
