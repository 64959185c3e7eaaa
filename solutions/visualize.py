"""Reference solution of the visualize kata: see what a generator makes.

A generator's output is a batch of (N, C, H, W) float images in [-1, 1] (the
range of its final tanh). A picture viewer wants one (rows*H, ncols*W, C)
uint8 image in 0..255. These helpers do that conversion and tile the batch
into a mosaic, with no padding between tiles.
"""
import math

import numpy as np


def _as_numpy(batch):
    """NDArray or array-like -> numpy array (NDArray has .asnumpy())."""
    return batch.asnumpy() if hasattr(batch, "asnumpy") else np.asarray(batch)


def _to_uint8(images):
    """Float images in [-1, 1] -> uint8 in 0..255: -1 -> 0, 1 -> 255, rounded,
    values outside [-1, 1] clipped (a cast alone would wrap 1.5 around to 62)."""
    scaled = (np.asarray(images, dtype=np.float32) + 1.0) * 127.5
    return np.rint(np.clip(scaled, 0, 255)).astype(np.uint8)


def image_grid(batch, ncols=None):
    """(N, C, H, W) in [-1, 1] -> one (rows*H, ncols*W, C) uint8 mosaic.

    Image i lands at tile row i // ncols, tile column i % ncols (row-major,
    like reading text). ``ncols`` defaults to ceil(sqrt(N)); rows =
    ceil(N / ncols). Tiles touch (no padding); tiles left over in the last
    row are black (0). C must be 1 (grey) or 3 (RGB); the channel axis is
    kept, so a grey batch gives (rows*H, ncols*W, 1).
    """
    images = _as_numpy(batch)
    if images.ndim != 4:
        raise ValueError(f"image_grid expects a (N, C, H, W) batch, got shape {images.shape}")
    n, c, h, w = images.shape
    if n < 1 or c not in (1, 3):
        raise ValueError(f"need at least one image with 1 or 3 channels, got shape {images.shape}")
    ncols = math.ceil(math.sqrt(n)) if ncols is None else int(ncols)
    if ncols < 1:
        raise ValueError(f"ncols must be positive, got {ncols}")
    nrows = math.ceil(n / ncols)
    tiles = np.zeros((nrows * ncols, h, w, c), dtype=np.uint8)
    tiles[:n] = _to_uint8(images).transpose(0, 2, 3, 1)          # NCHW -> NHWC
    # (rows, cols, H, W, C) -> (rows, H, cols, W, C): tile rows interleave with pixel rows
    grid = tiles.reshape(nrows, ncols, h, w, c).transpose(0, 2, 1, 3, 4)
    return grid.reshape(nrows * h, ncols * w, c)


def save_grid(path, batch, ncols=None):
    """Write ``image_grid(batch, ncols)`` to ``path`` as a PNG and return the
    grid. Grey grids are saved as RGB (three equal channels), so the file
    holds exactly the grid's pixel values."""
    import matplotlib.image

    grid = image_grid(batch, ncols)
    rgb = np.repeat(grid, 3, axis=2) if grid.shape[2] == 1 else grid
    matplotlib.image.imsave(str(path), rgb, format="png")
    return grid


def side_by_side(fake, real, path):
    """Save one picture: the generator's batch (left, titled "generated")
    beside a batch of real data (right, titled "real"). Returns the
    matplotlib Figure (already written to ``path``)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 5.4), dpi=100)
    for ax, batch, title in zip(fig.subplots(1, 2), (fake, real), ("generated", "real")):
        grid = image_grid(batch)
        ax.imshow(grid[:, :, 0] if grid.shape[2] == 1 else grid,
                  cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        ax.set_title(title)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(str(path))
    return fig
