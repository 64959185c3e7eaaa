"""Hidden state not detached: the gradient flows back into the previous chunk."""
from solutions.textgen import *  # noqa: F401,F403


def detach(hidden):
    return hidden
