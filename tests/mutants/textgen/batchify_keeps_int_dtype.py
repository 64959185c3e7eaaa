"""batchify keeps the indices' integer dtype (mx.nd.array(columns.T, dtype=idx.dtype)) instead of float32."""
import mxnet as mx
import numpy as np

from solutions.textgen import *  # noqa: F401,F403


def batchify(idx, batch_size, ctx=None):
    idx = np.asarray(idx)
    if batch_size < 1 or len(idx) < batch_size:
        raise ValueError("too few characters")
    nb = len(idx) // batch_size
    return mx.nd.array(idx[:nb * batch_size].reshape(batch_size, nb).T, ctx=ctx or mx.current_context(),
                       dtype=idx.dtype)
