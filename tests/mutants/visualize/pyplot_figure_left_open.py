"""side_by_side draws on plt.figure() and never closes it: a figure piles up in memory at every call."""
import matplotlib.pyplot as plt

from solutions.visualize import *  # noqa: F401,F403


def side_by_side(fake, real, path):
    fig = plt.figure(figsize=(10, 5))
    for index, (batch, title) in enumerate(((fake, "generated"), (real, "real"))):
        ax = fig.add_subplot(1, 2, index + 1)
        grid = image_grid(batch)
        ax.imshow(grid[:, :, 0] if grid.shape[2] == 1 else grid, cmap="gray", vmin=0, vmax=255)
        ax.set_title(title)
    fig.savefig(str(path))
    return fig
