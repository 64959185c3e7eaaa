"""dcgan_layers' first Deconv has stride 2: 1x1 still becomes base x base, but the spec is not the documented one."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def dcgan_layers(nz, ngf, nc, image_size):
    layers = ref.dcgan_layers(nz, ngf, nc, image_size)
    return [layers[0]._replace(stride=2)] + layers[1:]
