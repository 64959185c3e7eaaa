"""Kata 3: visualize -- see what a generator makes.

A generator's output is a batch of ``(N, C, H, W)`` float images in [-1, 1]
(the range of its final tanh). A picture viewer wants a single
``(height, width, channels)`` uint8 image in 0..255. Looking at samples
every few hundred iterations is the only honest way to tell whether a GAN is
learning, so the DCGAN runners use these three functions.

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=visualize``.
"""
import numpy as np


def image_grid(batch, ncols=None):
    """Tile a batch of images into one uint8 mosaic.

    Input: ``(N, C, H, W)`` floats in [-1, 1], a numpy array or an MXNet
    NDArray (``.asnumpy()`` turns it into numpy), with C = 1 (grey) or 3 (RGB).

    Output: a ``(rows * H, ncols * W, C)`` uint8 numpy array where

    - ``ncols`` defaults to ``ceil(sqrt(N))`` and ``rows = ceil(N / ncols)``;
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
    ``ncols < 1``, raises ValueError.

    Hint: no Python loop needed. Transpose to ``(N, H, W, C)``, pad the batch
    with black tiles up to ``rows * ncols``, then a reshape to
    ``(rows, ncols, H, W, C)``, a transpose that brings each tile row's pixel
    rows next to each other, and a final reshape build the mosaic.
    """
    raise NotImplementedError("image_grid: tile the batch into one uint8 picture")


def save_grid(path, batch, ncols=None):
    """Write ``image_grid(batch, ncols)`` to ``path`` as a PNG; return the grid.

    The file must hold exactly the grid's pixel values. Careful with grey
    grids: ``matplotlib.image.imsave`` paints a 2-d array with a colour map
    (viridis by default) rescaled to its min and max; repeating the single
    channel three times saves plain grey.

    Hint: ``matplotlib.image.imsave(str(path), rgb_uint8_array)``.
    """
    raise NotImplementedError("save_grid: image_grid, then matplotlib.image.imsave")


def side_by_side(fake, real, path):
    """Save one picture comparing the generator's output with real data.

    ``fake`` and ``real`` are two ``(N, C, H, W)`` batches in [-1, 1] (any
    sizes). Draw ``image_grid(fake)`` on the left, titled ``"generated"``, and
    ``image_grid(real)`` on the right, titled ``"real"``; save the figure to
    ``path`` (PNG) and return the matplotlib ``Figure``.

    Hint: ``matplotlib.figure.Figure()`` and ``fig.subplots(1, 2)`` need no
    window (pyplot figures pile up in memory unless you close them); show a
    grey grid with ``ax.imshow(grid[:, :, 0], cmap="gray", vmin=0, vmax=255)``,
    then ``ax.set_title(...)`` and ``fig.savefig(path)``.
    """
    raise NotImplementedError("side_by_side: two image grids in one titled figure")
