"""preprocess_mnist does not check size and channels: size=0 returns an empty array."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def preprocess_mnist(images_uint8, size=64, channels=3):
    if size < 1 or channels < 1:
        return np.zeros((len(images_uint8), max(channels, 0), max(size, 0), max(size, 0)), np.float32)
    return ref.preprocess_mnist(images_uint8, size, channels)
