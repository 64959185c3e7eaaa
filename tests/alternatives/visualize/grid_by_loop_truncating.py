"""image_grid pastes tile by tile in a loop, and truncates to uint8 instead of rounding."""
import math

import numpy as np

import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403
from tests.mutants import rewire


def image_grid(batch, ncols=None):
    images = batch.asnumpy() if hasattr(batch, "asnumpy") else np.array(batch)
    if images.ndim != 4 or images.shape[0] < 1 or images.shape[1] not in (1, 3):
        raise ValueError(f"expected a (N, 1 or 3, H, W) batch, got {images.shape}")
    n, c, h, w = images.shape
    if ncols is None:
        ncols = math.ceil(math.sqrt(n))
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    rows = -(-n // ncols)
    grid = np.zeros((rows * h, ncols * w, c), dtype=np.uint8)
    for i in range(n):
        tile = np.clip((images[i].astype(np.float64) + 1) * 127.5, 0, 255).astype(np.uint8)
        r, col = divmod(i, ncols)
        grid[r * h:(r + 1) * h, col * w:(col + 1) * w] = tile.transpose(1, 2, 0)
    return grid


# the reference's save_grid and side_by_side, drawing this image_grid
save_grid = rewire(ref.save_grid, globals())
side_by_side = rewire(ref.side_by_side, globals())
