"""preprocess_mnist resizes with nearest-neighbour sampling, not bilinear interpolation."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def preprocess_mnist(images_uint8, size=64, channels=3):
    images = np.asarray(images_uint8)
    ref.preprocess_mnist(images[:1], 1, 1)  # same checks
    size, channels = int(size), int(channels)
    if size < 1 or channels < 1:
        raise ValueError("size and channels must be at least 1")
    rows = (np.arange(size) * images.shape[1]) // size
    cols = (np.arange(size) * images.shape[2]) // size
    grey = images[:, rows][:, :, cols].astype(np.float32) / np.float32(127.5) - np.float32(1)
    return np.repeat(grey[:, None], channels, axis=1)
