"""Default ncols = floor(sqrt(N)): 5 images need 3 columns, not 2."""
import math

import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403


def image_grid(batch, ncols=None):
    n = ref._as_numpy(batch).shape[0]
    return ref.image_grid(batch, int(math.sqrt(n)) if ncols is None else ncols)
