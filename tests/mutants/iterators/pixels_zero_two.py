"""preprocess_mnist divides by 127.5 but forgets to subtract 1: pixels in [0, 2]."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def preprocess_mnist(images_uint8, size=64, channels=3):
    return ref.preprocess_mnist(images_uint8, size, channels) + np.float32(1.0)
