"""Kata 1: iterators -- the data that feeds a GAN.

A GAN eats two streams: random noise for the generator and real images for
the discriminator (and, for a conditional GAN, the digit each image shows).
MXNet's Module API reads both through ``mx.io.DataIter`` objects: an iterator
announces the names and shapes it yields in ``provide_data`` (Module.bind uses
them) and hands out ``mx.io.DataBatch`` objects from ``next()``.

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=iterators``.
"""
import mxnet as mx
import numpy as np


class RandIter(mx.io.DataIter):
    """An endless ``mx.io.DataIter`` of noise for the generator.

    ``RandIter(batch_size, ndim, dist="normal")``

    - ``provide_data`` is ``[('rand', (batch_size, ndim, 1, 1))]`` and
      ``provide_label`` is ``[]`` (noise has no label).
    - ``next()`` returns a ``DataBatch`` whose ``data`` is a list holding one
      NDArray of that shape: N(0, 1) noise, or U(-1, 1) when ``dist="uniform"``.
    - Every batch is fresh noise: a generator that sees the same noise twice
      learns nothing new.
    - The stream never ends, so ``reset()`` has nothing to rewind.
    - A non-positive size or an unknown ``dist`` raises ValueError.

    Hint: ``mx.io.DataIter.next()`` already builds the batch from
    ``iter_next()`` and ``getdata()``; ``mx.nd.random`` draws the numbers.
    """

    def __init__(self, batch_size, ndim, dist="normal"):
        raise NotImplementedError("RandIter.__init__: store the sizes and set provide_data")

    def reset(self):
        """Rewind the stream (noise has nothing to rewind)."""
        raise NotImplementedError("RandIter.reset")

    def iter_next(self):
        """Return True while there is another batch (always, for noise)."""
        raise NotImplementedError("RandIter.iter_next")

    def getdata(self):
        """Return the batch's data: a list with one NDArray of fresh noise."""
        raise NotImplementedError("RandIter.getdata: draw fresh noise")


def preprocess_mnist(images_uint8, size=64, channels=3):
    """Turn raw MNIST digits into what a DCGAN discriminator eats.

    Input: ``(N, H, W)`` uint8 in 0..255 (MNIST is 28x28).
    Output: ``(N, channels, size, size)`` float32 numpy array in [-1, 1]
    (0 -> -1, 255 -> 1), every channel a copy of the grey image, resized with
    bilinear interpolation when ``size`` differs from the input size.

    Do it for the whole batch at once: a Python loop over 70,000 images is
    far too slow. Anything else than uint8 (N, H, W) raises ValueError.

    Hint: resizing one axis by linear interpolation is multiplying by a
    ``(size, H)`` matrix, so the whole batch resizes with two matrix products
    (``mx.nd.contrib.BilinearResize2D`` is another way). Tanh outputs live in
    [-1, 1]; divide by 127.5 and subtract 1, not "divide by 255".
    """
    raise NotImplementedError("preprocess_mnist")


def one_hot(labels, depth=10):
    """Encode integer class labels as one-hot rows.

    ``(N,)`` integers in ``[0, depth)`` -> ``(N, depth)`` float32 numpy array,
    row ``i`` all zeros except a 1 in column ``labels[i]``. Labels outside
    the range, or a non-integer or non-1-d input, raise ValueError.

    Hint: fancy indexing ``out[rows, labels] = 1`` does the whole batch.
    """
    raise NotImplementedError("one_hot")


def image_iter(images, batch_size, size=64, channels=3, shuffle=True, seed=0, last_batch="discard"):
    """A ``mx.io.DataIter`` of preprocessed MNIST batches for a DCGAN.

    - ``images``: ``(N, H, W)`` uint8 digits, kept as they are.
    - ``provide_data`` is ``[('data', (batch_size, channels, size, size))]``;
      each batch's data is ``preprocess_mnist`` of the batch's images.
    - Memory must stay at the uint8 source plus one batch: never build the
      whole ``(N, 3, 64, 64)`` float array (70,000 MNIST digits would take 3.4 GB).
    - ``shuffle=True`` visits the images in a random order drawn from a
      ``numpy.random.RandomState(seed)``, a new order at every ``reset()``;
      ``shuffle=False`` keeps the order of ``images``.
    - ``last_batch="discard"`` drops a final short batch (bound modules need a
      fixed batch size); ``"pad"`` fills it up with images from the start of
      the epoch and sets ``batch.pad`` to the number of filler images.
    - Bad arguments (wrong dtype or shape, batch_size < 1 or above N, an
      unknown ``last_batch``) raise ValueError.

    Hint: write a small ``mx.io.DataIter`` subclass (a private helper class is
    fine) whose ``next()`` preprocesses only the images of that batch. Turning
    a fresh numpy batch into an NDArray with ``mx.nd.array`` copies it slowly
    (about 8 ms for a 64x3x64x64 batch on 2 cores, more than the preprocessing);
    ``mx.nd.from_numpy(batch, zero_copy=True)`` wraps it instead.
    """
    raise NotImplementedError("image_iter")


class ConditionalIter(mx.io.DataIter):
    """Image batches with the one-hot digit of every image, for a conditional GAN.

    ``ConditionalIter(images, labels, batch_size, size=28, channels=1,
    shuffle=True, seed=0, last_batch="discard")``

    Behaves like ``image_iter`` (same shuffling, same ``last_batch`` rules),
    but ``provide_data`` is
    ``[('data', (batch_size, channels, size, size)), ('digit', (batch_size, 10))]``
    and each batch's ``data`` holds both arrays: the images and
    ``one_hot(labels)`` of the same images, in the same order. ``labels`` has
    one integer per image; a length mismatch raises ValueError.
    """

    def __init__(self, images, labels, batch_size, size=28, channels=1, shuffle=True,
                 seed=0, last_batch="discard"):
        raise NotImplementedError("ConditionalIter.__init__")

    def reset(self):
        """Start a new epoch (a new shuffled order when shuffle=True)."""
        raise NotImplementedError("ConditionalIter.reset")

    def next(self):
        """Return the next DataBatch, or raise StopIteration at the end of the epoch."""
        raise NotImplementedError("ConditionalIter.next")
