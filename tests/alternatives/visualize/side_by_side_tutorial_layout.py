"""side_by_side as the MXNet DCGAN tutorial draws it: plt.figure(), add_subplot(2, 2, 1) and (2, 2, 2), then closed."""
import matplotlib.pyplot as plt
import numpy as np

from solutions.visualize import *  # noqa: F401,F403


def side_by_side(fake, real, path):
    fbuff, rbuff = image_grid(fake), image_grid(real)
    # Create a matplotlib figure with two subplots: one for the real and the other for the fake
    # fill each plot with the buffer array, which creates the image
    fig = plt.figure()
    ax1 = fig.add_subplot(2, 2, 1)
    ax1.imshow(np.repeat(fbuff, 3, axis=2) if fbuff.shape[2] == 1 else fbuff)
    ax1.set_title("generated")
    ax2 = fig.add_subplot(2, 2, 2)
    ax2.imshow(np.repeat(rbuff, 3, axis=2) if rbuff.shape[2] == 1 else rbuff)
    ax2.set_title("real")
    fig.savefig(str(path))
    plt.close(fig)
    return fig
