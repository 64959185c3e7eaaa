"""Scaled to 0..255 and cast to uint8 without clipping (1.5 wraps round to 62)."""
import numpy as np

import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403
from tests.mutants import rewire


def _to_uint8(images):
    return ((np.asarray(images, dtype=np.float32) + 1.0) * 127.5).astype(np.uint8)


# the reference's image_grid, calling this module's _to_uint8
image_grid = rewire(ref.image_grid, globals())
