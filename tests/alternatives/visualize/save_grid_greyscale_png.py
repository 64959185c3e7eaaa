"""save_grid writes a grey grid as an 8-bit greyscale PNG (PIL's mode "L", through matplotlib.image)."""
import matplotlib.image

from solutions.visualize import *  # noqa: F401,F403


def save_grid(path, batch, ncols=None):
    grid = image_grid(batch, ncols)
    if grid.shape[2] == 1:
        matplotlib.image.PIL.Image.fromarray(grid[:, :, 0], mode="L").save(str(path), format="png")
    else:
        matplotlib.image.imsave(str(path), grid, format="png")
    return grid
