"""conv_out and deconv_out raise a bare "not a positive size" without the formula and its numbers."""
import solutions.conv_shapes as ref
from solutions.conv_shapes import *  # noqa: F401,F403


def _plain(function):
    def checked(size, kernel, stride=1, pad=0, last=0):
        try:
            return function(size, kernel, stride, pad, last)
        except ValueError as error:
            if "not a positive size" in str(error):
                raise ValueError("the output size is not positive") from None
            raise
    return checked


conv_out = _plain(ref.conv_out)
deconv_out = _plain(ref.deconv_out)
