"""Reference solution of the iterators kata: the data that feeds a GAN.

A GAN eats two streams: random noise for the generator and real images for
the discriminator (plus, for a conditional GAN, the digit each image shows).
"""
from functools import lru_cache

import mxnet as mx
import numpy as np

DISTRIBUTIONS = ("normal", "uniform")
LAST_BATCH = ("discard", "pad")


class RandIter(mx.io.DataIter):
    """An endless stream of noise batches of shape (batch_size, ndim, 1, 1)."""

    def __init__(self, batch_size, ndim, dist="normal"):
        super().__init__(batch_size)
        if int(batch_size) < 1 or int(ndim) < 1:  # int(): np.int64 too
            raise ValueError(f"batch_size and ndim must be at least 1, got {batch_size} and {ndim}")
        if dist not in DISTRIBUTIONS:
            raise ValueError(f"dist must be one of {DISTRIBUTIONS}, got {dist!r}")
        self.batch_size, self.ndim, self.dist = int(batch_size), int(ndim), dist
        self.provide_data = [("rand", (self.batch_size, self.ndim, 1, 1))]
        self.provide_label = []

    def reset(self):
        """Nothing to rewind: the stream never ends."""

    def iter_next(self):
        return True

    def getdata(self):
        shape = self.provide_data[0][1]
        if self.dist == "uniform":
            return [mx.nd.random.uniform(-1, 1, shape=shape)]
        return [mx.nd.random.normal(0, 1, shape=shape)]


@lru_cache(maxsize=None)
def _bilinear_matrix(n_in, n_out):
    """The (n_out, n_in) matrix that resizes one axis by linear interpolation
    (pixel centres aligned, as OpenCV and PIL do). Resizing a whole batch is
    then two matrix products: R @ image @ R.T."""
    centres = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
    centres = np.clip(centres, 0, n_in - 1)
    low = np.floor(centres).astype(int)
    high = np.minimum(low + 1, n_in - 1)
    weight = (centres - low).astype(np.float32)
    matrix = np.zeros((n_out, n_in), dtype=np.float32)
    np.add.at(matrix, (np.arange(n_out), low), 1 - weight)
    np.add.at(matrix, (np.arange(n_out), high), weight)
    matrix.setflags(write=False)  # cached and shared: nobody may change it
    return matrix


def preprocess_mnist(images_uint8, size=64, channels=3):
    """(N, H, W) uint8 -> (N, channels, size, size) float32 in [-1, 1]."""
    images = np.asarray(images_uint8)
    if images.dtype != np.uint8 or images.ndim != 3:
        raise ValueError(f"preprocess_mnist expects uint8 images of shape (N, H, W), got {images.dtype} {images.shape}")
    size, channels = int(size), int(channels)
    if size < 1 or channels < 1:
        raise ValueError(f"size and channels must be at least 1, got {size} and {channels}")
    rows = _bilinear_matrix(images.shape[1], size) / np.float32(127.5)  # scale folded in (a new array)
    cols = _bilinear_matrix(images.shape[2], size)
    tall = rows @ images.astype(np.float32)                          # (N, size, W)
    resized = (tall.reshape(-1, tall.shape[-1]) @ cols.T).reshape(len(images), size, size)
    resized -= np.float32(1.0)  # a convex mix of 0..255 / 127.5, minus 1: in [-1, 1]
    out = np.empty((len(images), channels, size, size), dtype=np.float32)
    out[:] = resized[:, None]  # the grey image copied into every channel
    return out


def one_hot(labels, depth=10):
    """(N,) integer labels -> (N, depth) float32 rows with a single 1."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"one_hot expects a 1-d integer array, got {labels.dtype} of shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= depth):
        raise ValueError(f"labels must lie in [0, {depth}), got values from {labels.min()} to {labels.max()}")
    out = np.zeros((labels.size, depth), dtype=np.float32)
    out[np.arange(labels.size), labels] = 1.0
    return out


def _wrap(array):
    """A fresh float32 numpy array as a CPU NDArray: from_numpy(zero_copy=True)
    wraps it, where mx.nd.array would copy it (slowly)."""
    return mx.nd.from_numpy(array, zero_copy=True)


class _BatchIter(mx.io.DataIter):
    """Shuffles indices and preprocesses one batch at a time, so memory holds
    the uint8 source plus a single float batch."""

    def __init__(self, images, labels, batch_size, size, channels, shuffle, seed, last_batch):
        batch_size, size, channels = int(batch_size), int(size), int(channels)
        super().__init__(batch_size)
        images = np.asarray(images)
        if images.dtype != np.uint8 or images.ndim != 3:
            raise ValueError(f"images must be uint8 of shape (N, H, W), got {images.dtype} {images.shape}")
        if last_batch not in LAST_BATCH:
            raise ValueError(f"last_batch must be one of {LAST_BATCH}, got {last_batch!r}")
        if not 1 <= batch_size <= len(images):
            raise ValueError(f"batch_size must be between 1 and the {len(images)} images, got {batch_size}")
        if labels is not None and len(labels) != len(images):
            raise ValueError(f"{len(images)} images but {len(labels)} labels")
        self.images, self.labels = images, labels
        self.size, self.channels = size, channels
        self.shuffle, self.last_batch = shuffle, last_batch
        self._rng = np.random.RandomState(seed)
        self.provide_data = [("data", (batch_size, channels, size, size))]
        self.reset()

    def reset(self):
        n = len(self.images)
        self._order = self._rng.permutation(n) if self.shuffle else np.arange(n)
        self._cursor = 0

    def next(self):
        n = len(self.images)
        start = self._cursor
        if start >= n or (self.last_batch == "discard" and start + self.batch_size > n):
            raise StopIteration
        self._cursor += self.batch_size
        index = self._order[np.arange(start, start + self.batch_size) % n]  # "pad" wraps around
        pad = max(0, start + self.batch_size - n)
        data = [_wrap(preprocess_mnist(self.images[index], self.size, self.channels))]
        if self.labels is not None:
            data.append(_wrap(one_hot(self.labels[index])))
        return mx.io.DataBatch(data=data, pad=pad)


def image_iter(images, batch_size, size=64, channels=3, shuffle=True, seed=0, last_batch="discard"):
    """A DataIter of preprocessed MNIST batches named 'data'."""
    return _BatchIter(images, None, batch_size, size, channels, shuffle, seed, last_batch)


class ConditionalIter(_BatchIter):
    """Image batches ('data') with their one-hot digits ('digit')."""

    def __init__(self, images, labels, batch_size, size=28, channels=1, shuffle=True,
                 seed=0, last_batch="discard"):
        labels = np.asarray(labels)
        super().__init__(images, labels, batch_size, size, channels, shuffle, seed, last_batch)
        self.provide_data = self.provide_data + [("digit", (batch_size, 10))]
