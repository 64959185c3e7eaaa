"""batchify with NDArray operations (reshape, transpose) after one copy to the device."""
import mxnet as mx

from solutions.textgen import *  # noqa: F401,F403


def batchify(idx, batch_size, ctx=None):
    n = len(idx) // batch_size if batch_size >= 1 else 0
    if n < 1:
        raise ValueError(f"cannot lay {len(idx)} characters out in {batch_size} streams")
    flat = mx.nd.array(list(idx[:n * batch_size]), ctx=ctx if ctx is not None else mx.current_context())
    return flat.reshape((batch_size, n)).T
