"""Plans halve the size while it is even, down to any base: 24 becomes 3 * 2**3 instead of 6 * 2**2."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403
from tests.mutants import rewire


def _stages(image_size):
    base, stages = image_size, 0
    while base % 2 == 0 and base > 2:
        base, stages = base // 2, stages + 1
    if stages == 0 or image_size < 8:
        raise ValueError(f"image_size {image_size} does not halve")
    return base, stages


dcgan_layers = rewire(ref.dcgan_layers, globals())
discriminator_layers = rewire(ref.discriminator_layers, globals())
