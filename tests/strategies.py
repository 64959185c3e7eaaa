"""Shared hypothesis strategies, small data makers and checks for the kata tests."""
import inspect

import numpy as np
from hypothesis import strategies as st

batch_sizes = st.integers(min_value=1, max_value=16)
noise_dims = st.integers(min_value=1, max_value=64)
image_sizes = st.sampled_from([8, 16, 28, 32, 64])
channel_counts = st.sampled_from([1, 3])


def digit_like(n, height=28, width=28, seed=0):
    """``n`` random uint8 images with MNIST's shape and value range."""
    return np.random.RandomState(seed).randint(0, 256, size=(n, height, width), dtype=np.uint8)


def numbered_images(n, height=28, width=28):
    """``n`` constant uint8 images, image ``i`` filled with the value ``i``
    (so a batch tells which images it holds, whatever the resize)."""
    assert n <= 256
    return np.repeat(np.arange(n, dtype=np.uint8), height * width).reshape(n, height, width)


def image_numbers(batch, tol=0.01):
    """Recover the numbers of ``numbered_images`` from a preprocessed batch."""
    values = (np.asarray(batch).reshape(len(batch), -1).mean(axis=1) + 1.0) * 127.5
    numbers = np.rint(values).astype(int)
    assert np.allclose(values, numbers, atol=tol * 127.5), "images were not kept whole"
    return numbers


# ------------------------------------------------- what a kata hands back
# Normalise before comparing: an object that claims to equal everything
# (an ``__eq__`` that says yes) must not pass. Each helper checks the type
# first and only then converts, and says which value it was looking at.

integer_types = st.sampled_from([int, np.int64, np.int32])  # how a size argument is passed


def exact_int(value, what):
    """``value`` as a Python int; it must be an int or a numpy integer (not a bool)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise AssertionError(f"{what} must be an integer, got {type(value).__name__} {value!r}")
    return int(value)


def exact_float(value, what):
    """``value`` as a Python float; it must be a float or a numpy floating scalar."""
    if not isinstance(value, (float, np.floating)):
        raise AssertionError(f"{what} must be a Python float, got {type(value).__name__} {value!r}")
    return float(value)


def int_tuple(value, what, kinds=(tuple,)):
    """``value`` as a tuple of Python ints; it must be a tuple (or one of ``kinds``) of integers."""
    if not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise AssertionError(f"{what} must be a {names} of integers, got {type(value).__name__} {value!r}")
    return tuple(exact_int(v, f"{what}[{i}]") for i, v in enumerate(value))


def numpy_array(value, what, dtype=None):
    """``value`` itself when it is a plain ``numpy.ndarray`` (of ``dtype`` when given)."""
    if type(value) is not np.ndarray:
        raise AssertionError(f"{what} must be a numpy.ndarray, got {type(value).__module__}."
                             f"{type(value).__name__}")
    if dtype is not None and value.dtype != np.dtype(dtype):
        raise AssertionError(f"{what} must have dtype {np.dtype(dtype).name}, got {value.dtype}")
    return value


def nd_array(value, what, dtype=np.float32, ctx=None):
    """``value.asnumpy()`` when ``value`` is an MXNet NDArray of ``dtype`` on ``ctx``
    (the CPU when None)."""
    import mxnet as mx
    if not isinstance(value, mx.nd.NDArray):
        raise AssertionError(f"{what} must be an MXNet NDArray, got {type(value).__module__}."
                             f"{type(value).__name__}")
    if dtype is not None and np.dtype(value.dtype) != np.dtype(dtype):
        raise AssertionError(f"{what} must be {np.dtype(dtype).name}, got {np.dtype(value.dtype).name}")
    ctx = mx.cpu() if ctx is None else ctx
    if value.context != ctx:
        raise AssertionError(f"{what} must live on {ctx}, got {value.context}")
    return numpy_array(value.asnumpy(), what)


def data_descs(descs, what):
    """``provide_data`` / ``provide_label`` as a list of (name, shape) pairs of str and ints."""
    if not isinstance(descs, (list, tuple)):
        raise AssertionError(f"{what} must be a list of (name, shape) pairs, got {descs!r}")
    out = []
    for i, desc in enumerate(descs):
        if not isinstance(desc, tuple) or len(desc) < 2 or type(desc[0]) is not str:
            raise AssertionError(f"{what}[{i}] must be a (name, shape) pair, got {desc!r}")
        out.append((str(desc[0]), int_tuple(desc[1], f"the shape of {what}[{i}]", (tuple, list))))
    return out


def _default(value):
    """A default value normalised for comparison: its exact type and value."""
    if value is inspect.Parameter.empty:
        return "no default"
    if value is None or type(value) in (bool, int, float, str):
        return (type(value).__name__, value)
    if type(value) is tuple:
        return ("tuple", tuple(_default(v) for v in value))
    return ("other", repr(value))


def signature(obj):
    """``obj``'s parameters as (name, kind, normalised default), for comparing
    a kata's signature with the stub's: ``1`` and ``1.0``, or ``(1, 2)`` and
    ``[1, 2]``, are different defaults."""
    return [(p.name, p.kind.name, _default(p.default)) for p in inspect.signature(obj).parameters.values()]


def raises_value_error(call, what):
    """Call ``call()`` and demand a ValueError; return its message. The failure
    says what came back instead (an array by its type and shape, not its values)."""
    try:
        result = call()
    except ValueError as error:
        return str(error)
    raise AssertionError(f"{what} must raise ValueError, but it returned {_briefly(result)}")


def _briefly(value):
    """A value in a few words: arrays by type, shape and dtype."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        dtype = getattr(value, "dtype", None)
        return f"an array of shape {tuple(shape)} ({type(value).__name__}" + (f", {dtype})" if dtype is not None else ")")
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def assert_same_signature(kata, reference, name):
    """The kata's ``name`` takes the arguments, in order and with the defaults, of the stub's."""
    assert callable(getattr(kata, name, None)), f"{name} is missing"
    got, want = signature(getattr(kata, name)), signature(getattr(reference, name))
    assert got == want, f"{name}: expected the stub's arguments {want}, got {got}"
