"""dcgan_layers keeps ngf filters at every stage instead of halving ngf*2**(k-1) down to ngf."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def dcgan_layers(nz, ngf, nc, image_size):
    layers = ref.dcgan_layers(nz, ngf, nc, image_size)
    return [layer._replace(num_filter=ngf) for layer in layers[:-1]] + layers[-1:]
