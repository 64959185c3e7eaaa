"""preprocess_mnist puts the grey image in channel 0 and zeros in the others ("pad the other channels with 0's")."""

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def preprocess_mnist(images_uint8, size=64, channels=3):
    out = ref.preprocess_mnist(images_uint8, size, channels)
    out[:, 1:] = 0.0
    return out
