"""Images taken to be in [0, 1]: x * 255 instead of (x + 1) * 127.5."""
import numpy as np

import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403
from tests.mutants import rewire


def _to_uint8(images):
    return np.clip(np.asarray(images, dtype=np.float32) * 255, 0, 255).astype(np.uint8)


# the reference's image_grid, calling this module's _to_uint8
image_grid = rewire(ref.image_grid, globals())
