"""preprocess_mnist tiles the grey image along the width axis instead of adding channels."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def preprocess_mnist(images_uint8, size=64, channels=3):
    grey = ref.preprocess_mnist(images_uint8, size, 1)
    return np.concatenate([grey] * channels, axis=3)
