"""three_char_windows always steps by 3, whatever stride it is given."""
import solutions.unrolled_rnn as ref
from solutions.unrolled_rnn import *  # noqa: F401,F403


def three_char_windows(idx, stride=ref.WINDOW):
    if stride < 1:
        raise ValueError("stride must be positive")
    return ref.three_char_windows(idx, ref.WINDOW)
