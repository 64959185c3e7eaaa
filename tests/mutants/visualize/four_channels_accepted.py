"""image_grid tiles any channel count, so an RGBA (4-channel) or 2-channel batch passes silently."""
import math

import numpy as np

import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403


def image_grid(batch, ncols=None):
    images = ref._as_numpy(batch)
    if images.ndim == 4 and images.shape[0] >= 1 and images.shape[1] not in (1, 3):
        n, c, h, w = images.shape
        ncols = math.ceil(math.sqrt(n)) if ncols is None else int(ncols)
        rows = math.ceil(n / ncols)
        tiles = np.zeros((rows * ncols, h, w, c), np.uint8)
        tiles[:n] = ref._to_uint8(images).transpose(0, 2, 3, 1)
        return tiles.reshape(rows, ncols, h, w, c).transpose(0, 2, 1, 3, 4).reshape(rows * h, ncols * w, c)
    return ref.image_grid(batch, ncols)
