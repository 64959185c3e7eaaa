"""RandIter draws its noise once and hands out the same batch forever."""
import mxnet as mx

from solutions.iterators import *  # noqa: F401,F403
from solutions.iterators import RandIter as _RandIter


class RandIter(_RandIter):
    def getdata(self):
        if not hasattr(self, "_noise"):
            self._noise = super().getdata()
        return self._noise
