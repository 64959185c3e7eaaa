"""Kata 1: iterators -- the data that feeds a GAN.

A GAN eats two streams: random noise for the generator and real images for
the discriminator (and, for a conditional GAN, the digit each image shows).
MXNet's Module API reads both through ``mx.io.DataIter`` objects: an iterator
announces the names and shapes it yields in ``provide_data`` (Module.bind uses
them) and hands out ``mx.io.DataBatch`` objects from ``next()``.

Every size argument (``batch_size``, ``ndim``, ``size``, ``channels``,
``depth``) may be a Python int or a numpy integer such as ``np.int64``.
Every array a batch holds is a float32 NDArray on the CPU (``mx.cpu()``);
the Module copies it to its own device.

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=iterators``.
Stuck? ``common/hints/iterators.md`` has three levels of hints.
"""
import mxnet as mx
import numpy as np


class RandIter(mx.io.DataIter):
    """An endless ``mx.io.DataIter`` of noise for the generator.

    ``RandIter(batch_size, ndim, dist="normal")``

    - ``provide_data`` is ``[('rand', (batch_size, ndim, 1, 1))]`` and
      ``provide_label`` is ``[]`` (noise has no label).
    - ``next()`` returns an ``mx.io.DataBatch`` whose ``data`` is a list
      holding one float32 NDArray of that shape on the CPU: N(0, 1) noise,
      or U(-1, 1) when ``dist="uniform"``.
    - The noise comes from MXNet's random generator, so ``mx.random.seed(s)``
      makes a run reproducible.
    - Every batch is fresh noise: a generator that sees the same noise twice
      learns nothing new. That holds after ``reset()`` too.
    - The stream never ends: ``next()`` never raises StopIteration.
    - A size below 1 or an unknown ``dist`` raises ValueError.
    """

    def __init__(self, batch_size, ndim, dist="normal"):
        raise NotImplementedError("RandIter.__init__: check the arguments, keep them, set provide_data")

    def reset(self):
        """Rewind the stream (noise has nothing to rewind)."""
        raise NotImplementedError("RandIter.reset")

    def iter_next(self):
        """Return True while there is another batch (always, for noise)."""
        raise NotImplementedError("RandIter.iter_next")

    def getdata(self):
        """Return the batch's data: a list with one NDArray of fresh noise."""
        raise NotImplementedError("RandIter.getdata")


def preprocess_mnist(images_uint8, size=64, channels=3):
    """Turn raw MNIST digits into what a DCGAN discriminator eats.

    Input: ``(N, H, W)`` uint8 in 0..255 (MNIST is 28x28; H and W may differ).
    Output: a float32 ``numpy.ndarray`` of shape ``(N, channels, size, size)``
    in [-1, 1]: a pixel p becomes ``p / 127.5 - 1`` (0 -> -1, 255 -> 1), and
    every channel is a copy of the grey image.

    When ``size`` differs from H or W, resize with bilinear interpolation,
    with either alignment of the two grids:

    - pixel centres aligned: output pixel j samples the input at
      ``(j + 0.5) * H / size - 0.5`` (clamped to the image), as OpenCV's
      ``cv2.resize`` in the MXNet tutorial does, or
    - corners aligned: output pixel j samples the input at
      ``j * (H - 1) / (size - 1)``, as ``mx.nd.contrib.BilinearResize2D`` does
      by default.

    The input is left unchanged. Anything else than a uint8 ``(N, H, W)``
    array, or a ``size`` or ``channels`` below 1, raises ValueError.

    Speed is not graded here, but all of MNIST is 70,000 images:
    ``make bench`` times yours against the reference.
    """
    raise NotImplementedError("preprocess_mnist")


def one_hot(labels, depth=10):
    """Encode integer class labels as one-hot rows.

    ``labels``: ``(N,)`` integers in ``[0, depth)``, of any integer dtype
    (MNIST's labels are uint8), or a list of ints. Returns a float32
    ``numpy.ndarray`` of shape ``(N, depth)``: row ``i`` is all zeros except
    a 1 in column ``labels[i]``. Labels outside the range, non-integer
    labels, or an input that is not 1-d raise ValueError.
    """
    raise NotImplementedError("one_hot")


def image_iter(images, batch_size, size=64, channels=3, shuffle=True, seed=0, last_batch="discard"):
    """A ``mx.io.DataIter`` of preprocessed MNIST batches for a DCGAN.

    - ``images``: ``(N, H, W)`` uint8 digits, kept as they are (never
      modified, not even shuffled in place).
    - ``provide_data`` is ``[('data', (batch_size, channels, size, size))]``;
      each batch's ``data`` is a list holding one float32 CPU NDArray of that
      shape: ``preprocess_mnist`` of the batch's images, in batch order.
    - ``next()`` returns the next ``mx.io.DataBatch``; at the end of the
      epoch it raises StopIteration (and again on every call until
      ``reset()``, which starts the next epoch).
    - Memory stays at the uint8 source plus about one batch, for the whole
      epoch: never build the whole ``(N, 3, 64, 64)`` float array (70,000
      digits would take 3.4 GB), and keep no batch you have handed out.
    - ``shuffle=True`` (the default) visits every image once per epoch in a
      random order of the *images* (not of whole batches), drawn from the
      iterator's own ``numpy.random.RandomState(seed)``: the same seed gives
      the same sequence of epochs whatever else uses numpy's global random
      state, another seed another order, and every ``reset()`` a new order.
      ``shuffle=False`` keeps the order of ``images``.
    - ``last_batch="discard"`` drops a final short batch (bound modules need
      a fixed batch size), so an epoch has ``N // batch_size`` batches.
      ``"pad"`` fills the final short batch up with the first images of the
      epoch (in this epoch's order) and sets its ``pad`` to the number of
      fillers; every other batch has ``pad == 0``. When ``batch_size``
      divides N there is nothing to pad: the epoch has ``N / batch_size``
      batches.
    - Bad arguments (``images`` not uint8 ``(N, H, W)``, ``batch_size`` below
      1 or above N, an unknown ``last_batch``) raise ValueError.
    """
    raise NotImplementedError("image_iter")


class ConditionalIter(mx.io.DataIter):
    """Image batches with the one-hot digit of every image, for a conditional GAN.

    ``ConditionalIter(images, labels, batch_size, size=28, channels=1,
    shuffle=True, seed=0, last_batch="discard")``

    Behaves like ``image_iter`` (same shuffling, seeding, padding, epochs and
    errors), but ``provide_data`` is
    ``[('data', (batch_size, channels, size, size)), ('digit', (batch_size, 10))]``
    and each batch's ``data`` holds both, as float32 CPU NDArrays: the images
    and ``one_hot(labels)`` of the same images, in the same order (fillers
    included). ``labels`` has one integer in 0..9 per image (a list or an
    array of any integer dtype); a length mismatch raises ValueError.
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
