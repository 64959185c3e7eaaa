"""image_iter preprocesses the whole data set up front and wraps it in an NDArrayIter."""
import mxnet as mx

from solutions.iterators import *  # noqa: F401,F403
from solutions.iterators import preprocess_mnist


def image_iter(images, batch_size, size=64, channels=3, shuffle=True, seed=0, last_batch="discard"):
    if last_batch not in ("discard", "pad") or not 1 <= batch_size <= len(images):
        raise ValueError("bad arguments")
    data = preprocess_mnist(images, size, channels)
    return mx.io.NDArrayIter(data, batch_size=batch_size, shuffle=shuffle,
                             last_batch_handle="discard" if last_batch == "discard" else "pad")
