"""image_grid scales the caller's batch in place (batch += 1; batch *= 127.5) before tiling it."""

import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403


def image_grid(batch, ncols=None):
    images = ref._as_numpy(batch)
    if images.ndim == 4 and images.dtype.kind == "f":
        images += 1.0
        images *= 127.5
        return ref.image_grid(images / 127.5 - 1.0, ncols)
    return ref.image_grid(images, ncols)
