"""Shared hypothesis strategies and small data makers for the kata tests."""
import numpy as np
from hypothesis import strategies as st

batch_sizes = st.integers(min_value=1, max_value=16)
noise_dims = st.integers(min_value=1, max_value=64)
image_sizes = st.sampled_from([8, 16, 28, 32, 64])
channel_counts = st.sampled_from([1, 3])


def digit_like(n, height=28, width=28, seed=0):
    """``n`` random uint8 images with MNIST's shape and value range."""
    return np.random.RandomState(seed).randint(0, 256, size=(n, height, width), dtype=np.uint8)


def numbered_images(n, height=28, width=28):
    """``n`` constant uint8 images, image ``i`` filled with the value ``i``
    (so a batch tells which images it holds, whatever the resize)."""
    assert n <= 256
    return np.repeat(np.arange(n, dtype=np.uint8), height * width).reshape(n, height, width)


def image_numbers(batch, tol=0.01):
    """Recover the numbers of ``numbered_images`` from a preprocessed batch."""
    values = (np.asarray(batch).reshape(len(batch), -1).mean(axis=1) + 1.0) * 127.5
    numbers = np.rint(values).astype(int)
    assert np.allclose(values, numbers, atol=tol * 127.5), "images were not kept whole"
    return numbers
