"""Images taken to be in [0, 1]: x * 255 instead of (x + 1) * 127.5."""
import math  # noqa: F401  (the reference's body below uses it)
import types

import numpy as np

import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403
from solutions.visualize import _as_numpy  # noqa: F401


def _to_uint8(images):
    return np.clip(np.asarray(images, dtype=np.float32) * 255, 0, 255).astype(np.uint8)


# the reference's image_grid, calling this module's _to_uint8
image_grid = types.FunctionType(ref.image_grid.__code__, globals(), "image_grid", ref.image_grid.__defaults__)
