"""Tiles filled column by column: image i at row i % rows, column i // rows."""
import math

import numpy as np

from solutions.visualize import *  # noqa: F401,F403
from solutions.visualize import _as_numpy, _to_uint8


def image_grid(batch, ncols=None):
    images = _as_numpy(batch)
    n, c, h, w = images.shape
    ncols = math.ceil(math.sqrt(n)) if ncols is None else ncols
    nrows = math.ceil(n / ncols)
    grid = np.zeros((nrows * h, ncols * w, c), np.uint8)
    for i, image in enumerate(_to_uint8(images).transpose(0, 2, 3, 1)):
        row, col = i % nrows, i // nrows
        grid[row * h:(row + 1) * h, col * w:(col + 1) * w] = image
    return grid
