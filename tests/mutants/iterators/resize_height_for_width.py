"""preprocess_mnist builds its column interpolation from the height: fine for 28x28, wrong for HxW."""
import numpy as np

import solutions.iterators as ref
from solutions.iterators import *  # noqa: F401,F403


def preprocess_mnist(images_uint8, size=64, channels=3):
    images = np.asarray(images_uint8)
    ref.preprocess_mnist(images[:1], 1, 1)  # same checks
    rows = ref._bilinear_matrix(images.shape[1], size)
    cols = ref._bilinear_matrix(images.shape[1], size)[:, :images.shape[2]]
    grey = np.einsum("yh,nhw,xw->nyx", rows, images.astype(np.float32), cols) / np.float32(127.5) - np.float32(1)
    return np.repeat(grey[:, None], channels, axis=1).astype(np.float32)
