"""char_vocab keeps the characters in order of first appearance (dict.fromkeys) instead of sorting them."""
from solutions.unrolled_rnn import *  # noqa: F401,F403


def char_vocab(text):
    chars = "".join(dict.fromkeys(text))
    return chars, {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}
