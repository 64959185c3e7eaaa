"""dcgan_layers doubles with Deconv(kernel=3, stride=2, pad=1, adj=1): the same shapes, another network."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def dcgan_layers(nz, ngf, nc, image_size):
    layers = ref.dcgan_layers(nz, ngf, nc, image_size)
    return layers[:1] + [Deconv(layer.num_filter, 3, 2, 1, 1) for layer in layers[1:]]
