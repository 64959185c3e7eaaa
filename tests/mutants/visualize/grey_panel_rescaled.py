"""side_by_side shows a grey grid with cmap="gray" but no vmin/vmax: its darkest pixel turns black, its lightest white."""
from matplotlib.figure import Figure

from solutions.visualize import *  # noqa: F401,F403


def side_by_side(fake, real, path):
    fig = Figure(figsize=(10, 5))
    for ax, batch, title in zip(fig.subplots(1, 2), (fake, real), ("generated", "real")):
        grid = image_grid(batch)
        ax.imshow(grid[:, :, 0] if grid.shape[2] == 1 else grid, cmap="gray")
        ax.set_title(title)
    fig.savefig(str(path))
    return fig
