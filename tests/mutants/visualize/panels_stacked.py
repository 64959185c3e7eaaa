"""side_by_side stacks the two panels one above the other (fig.subplots(2)) instead of side by side."""
from matplotlib.figure import Figure

from solutions.visualize import *  # noqa: F401,F403


def side_by_side(fake, real, path):
    fig = Figure(figsize=(5, 10))
    for ax, batch, title in zip(fig.subplots(2), (fake, real), ("generated", "real")):
        grid = image_grid(batch)
        ax.imshow(grid[:, :, 0] if grid.shape[2] == 1 else grid, cmap="gray", vmin=0, vmax=255)
        ax.set_title(title)
    fig.savefig(str(path))
    return fig
