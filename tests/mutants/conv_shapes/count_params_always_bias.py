"""count_params counts the biases even when bias=False."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def count_params(input_shape, layers, bias=True):
    return ref.count_params(input_shape, layers, bias=True)
