"""side_by_side draws the generated batch on the left but titles it "real" (and the real one "generated")."""
from matplotlib.figure import Figure

from solutions.visualize import *  # noqa: F401,F403


def side_by_side(fake, real, path):
    fig = Figure(figsize=(10, 5))
    for ax, batch, title in zip(fig.subplots(1, 2), (fake, real), ("real", "generated")):
        grid = image_grid(batch)
        ax.imshow(grid[:, :, 0] if grid.shape[2] == 1 else grid, cmap="gray", vmin=0, vmax=255)
        ax.set_title(title)
    fig.savefig(str(path))
    return fig
