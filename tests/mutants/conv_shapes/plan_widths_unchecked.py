"""dcgan_layers and discriminator_layers never check nz, ngf, nc, ndf: a width of 0 gives zero-filter layers."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def dcgan_layers(nz, ngf, nc, image_size):
    base, stages = ref._stages(image_size)
    layers = [Deconv(ngf * 2 ** (stages - 1), kernel=base)]
    for stage in range(stages):
        width = nc if stage == stages - 1 else ngf * 2 ** (stages - 2 - stage)
        layers.append(Deconv(width, kernel=4, stride=2, pad=1))
    return layers


def discriminator_layers(ndf, nc, image_size):
    base, stages = ref._stages(image_size)
    return [Conv(ndf * 2 ** stage, kernel=4, stride=2, pad=1) for stage in range(stages)] + [Conv(1, kernel=base), Flatten()]
