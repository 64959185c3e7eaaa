"""trace_shapes lets conv_out's error through as it is: the message does not say which layer broke."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def trace_shapes(input_shape, layers):
    shape, shapes = tuple(input_shape), []
    for layer in layers:
        shape = ref._layer_out(shape, layer)
        shapes.append(shape)
    return shapes
