"""Kata 3: visualize -- see what a generator makes.

A generator's output is a batch of ``(N, C, H, W)`` float images in [-1, 1]
(the range of its final tanh). A picture viewer wants a single
``(height, width, channels)`` uint8 image in 0..255. Looking at samples
every few hundred iterations is the only honest way to tell whether a GAN is
learning, so the DCGAN runners use these three functions.

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=visualize``.
Stuck? ``common/hints/visualize.md`` has three levels of hints.
"""
import numpy as np


def image_grid(batch, ncols=None):
    """Tile a batch of images into one uint8 mosaic.

    Input: ``(N, C, H, W)`` floats in [-1, 1] (any float dtype), a numpy
    array or an MXNet NDArray (``.asnumpy()`` turns it into numpy), with
    C = 1 (grey) or 3 (RGB). The batch itself is left unchanged.

    Output: a ``(rows * H, ncols * W, C)`` uint8 ``numpy.ndarray`` where

    - ``ncols`` (a Python or numpy integer) defaults to ``ceil(sqrt(N))``
      and ``rows = ceil(N / ncols)``; more columns than images is fine;
    - image ``i`` fills tile row ``i // ncols``, tile column ``i % ncols``
      (row-major, like reading text), with its pixels in their own layout
      (pixel ``(y, x)`` of the image at ``(y, x)`` inside the tile);
    - tiles touch: no padding between them; the tiles left over in the last
      row are black (0);
    - a value x becomes ``(x + 1) * 127.5`` (-1 -> 0, 0 -> 127.5, 1 -> 255),
      rounded or truncated, and clipped to 0..255 first: a generator can
      overshoot, and ``np.uint8(318.75)`` silently wraps round to 62;
    - the channel axis is kept: a grey batch gives ``(rows*H, ncols*W, 1)``.

    Anything else than a 4-d batch of at least one 1- or 3-channel image, or
    ``ncols < 1`` (0 included), raises ValueError.
    """
    raise NotImplementedError("image_grid")


def save_grid(path, batch, ncols=None):
    """Write ``image_grid(batch, ncols)`` to ``path`` (a str or a
    ``pathlib.Path``) as a PNG file, and return that grid: the same uint8
    ``(rows * H, ncols * W, C)`` array ``image_grid`` returns.

    The file holds exactly the grid's pixel values, as an opaque RGB(A)
    picture (a grey grid with its value in all three colour channels) or,
    for a grey grid, an 8-bit greyscale one. Careful:
    ``matplotlib.image.imsave`` paints a 2-d array with a colour map
    (viridis by default) rescaled to its min and max.
    """
    raise NotImplementedError("save_grid")


def side_by_side(fake, real, path):
    """Save one picture comparing the generator's output with real data.

    ``fake`` and ``real`` are two ``(N, C, H, W)`` batches in [-1, 1] (any
    sizes). Draw ``image_grid(fake)`` in one panel titled ``"generated"``
    and, to its right, ``image_grid(real)`` in one titled ``"real"`` (any
    layout that puts them side by side: one row of two, or the top row of a
    2x2 grid as in MXNet's DCGAN tutorial). Each panel shows its grid's pixel
    values as they are: a grey grid in grey levels from 0 (black) to 255
    (white), not rescaled and not in a colour map. Save the figure to
    ``path`` as a PNG and return the matplotlib ``Figure``.

    Leave no pyplot figure open: the DCGAN runners call this every few
    hundred steps, and every pyplot figure stays in memory until it is
    closed (``matplotlib.pyplot.get_fignums()`` is the same before and after).
    """
    raise NotImplementedError("side_by_side")
