"""dcgan_layers copies the 64x64 recipe (base 4) for 28x28: 1 -> 4 -> 8 -> 16 -> 32, one stage off."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def dcgan_layers(nz, ngf, nc, image_size):
    if image_size == 28:
        return ref.dcgan_layers(nz, ngf, nc, 32)
    return ref.dcgan_layers(nz, ngf, nc, image_size)
