"""save_grid hands imsave a 2-d grey grid with cmap="gray" but no vmin/vmax: the file is rescaled to its min and max."""
import matplotlib.image

from solutions.visualize import *  # noqa: F401,F403


def save_grid(path, batch, ncols=None):
    grid = image_grid(batch, ncols)
    if grid.shape[2] == 1:
        matplotlib.image.imsave(str(path), grid[:, :, 0], cmap="gray", format="png")
    else:
        matplotlib.image.imsave(str(path), grid, format="png")
    return grid
