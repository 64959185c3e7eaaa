"""The plans built from the image size down: halve while the half stays >= 4, then reverse for the generator."""
import numbers

from solutions.conv_shapes import *  # noqa: F401,F403


def _halvings(image_size, *widths):
    if not isinstance(image_size, numbers.Integral) or min(widths) < 1:
        raise ValueError(f"bad plan arguments: image_size={image_size!r}, widths={widths}")
    sizes = [image_size]
    while sizes[-1] % 2 == 0 and sizes[-1] // 2 >= 4:
        sizes.append(sizes[-1] // 2)
    if len(sizes) == 1:
        raise ValueError(f"{image_size} never halves down to a base >= 4")
    return sizes  # image_size, image_size/2, ..., base


def discriminator_layers(ndf, nc, image_size):
    sizes = _halvings(image_size, ndf, nc)
    layers = [Conv(ndf * 2 ** i, 4, 2, 1) for i in range(len(sizes) - 1)]
    return layers + [Conv(1, sizes[-1]), Flatten()]


def dcgan_layers(nz, ngf, nc, image_size):
    sizes = _halvings(image_size, nz, ngf, nc)
    k = len(sizes) - 1
    layers = [Deconv(ngf * 2 ** (k - 1), sizes[-1])]
    for i in range(k):
        layers.append(Deconv(nc if i == k - 1 else ngf * 2 ** (k - 2 - i), 4, 2, 1))
    return layers
