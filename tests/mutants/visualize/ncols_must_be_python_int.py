"""image_grid checks isinstance(ncols, int): a numpy integer (np.int64) is refused."""
import solutions.visualize as ref
from solutions.visualize import *  # noqa: F401,F403


def image_grid(batch, ncols=None):
    if ncols is not None and not isinstance(ncols, int):
        raise ValueError(f"ncols must be an int, got {type(ncols).__name__}")
    return ref.image_grid(batch, ncols)
