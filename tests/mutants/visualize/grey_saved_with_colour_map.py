"""A grey grid handed to imsave as 2-d: painted with a rescaled viridis colour map."""
import matplotlib.image

from solutions.visualize import *  # noqa: F401,F403


def save_grid(path, batch, ncols=None):
    grid = image_grid(batch, ncols)
    matplotlib.image.imsave(str(path), grid[:, :, 0] if grid.shape[2] == 1 else grid, format="png")
    return grid
