"""preprocess_mnist accepts float images (no dtype check) and scales them as if they were 0..255."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def preprocess_mnist(images_uint8, size=64, channels=3):
    images = np.asarray(images_uint8)
    if images.ndim == 3 and images.dtype != np.uint8:
        images = images.astype(np.uint8)
    return ref.preprocess_mnist(images, size, channels)
