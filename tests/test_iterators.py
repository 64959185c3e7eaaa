"""Tests of the iterators kata: noise, MNIST preprocessing, batching, one-hot.

Each test names, in its docstring, the mistake it is there to catch. Every
iterator is read with a cap on the number of batches, so an epoch that never
ends fails with a message instead of hanging.
"""
import resource
import tracemalloc

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tests import strategies as S


def batch_arrays(batch, names, what):
    """The numpy contents of a DataBatch's data, after checking it is a DataBatch
    holding one float32 CPU NDArray per name."""
    assert isinstance(batch, mx.io.DataBatch), (
        f"{what}: next() must return an mx.io.DataBatch, got {type(batch).__name__}")
    assert isinstance(batch.data, list) and len(batch.data) == len(names), (
        f"{what}: batch.data must be a list of {len(names)} NDArray(s) ({', '.join(names)}), got {batch.data!r}")
    return [S.nd_array(array, f"{what}: the {name!r} array of a batch") for array, name in zip(batch.data, names)]


def read_epoch(it, expected, what="image_iter"):
    """Every batch of one epoch, reading at most ``expected`` + 3 of them."""
    cap = expected + 3
    batches = []
    for _ in range(cap):
        try:
            batches.append(it.next())
        except StopIteration:
            return batches
    raise AssertionError(
        f"{what} did not stop after {cap} batches (an epoch here has {expected}): next() must "
        "raise StopIteration at the end of the epoch")


def numbers_of(batches, what="image_iter", names=("data",)):
    """The image numbers (tests.strategies.numbered_images) of each batch, as lists."""
    return [S.image_numbers(batch_arrays(b, names, what)[0]).tolist() for b in batches]


def order_of(it, n, batch_size, what="image_iter"):
    return [k for numbers in numbers_of(read_epoch(it, n // batch_size, what), what) for k in numbers]


# ----------------------------------------------------------------- one_hot

@given(labels=st.lists(st.integers(0, 9), min_size=1, max_size=50))
def test_one_hot_puts_a_single_one_at_the_label(kata, labels):
    """Catches an off-by-one column, rows that are not one-hot, float64 rows and NDArrays."""
    out = S.numpy_array(kata.one_hot(np.array(labels)), "one_hot(labels)", np.float32)
    assert out.shape == (len(labels), 10), (
        f"one_hot of {len(labels)} labels: expected shape (N, depth) = {(len(labels), 10)}, got {out.shape}")
    np.testing.assert_array_equal(out.sum(axis=1), np.ones(len(labels)),
                                  err_msg="every row of one_hot(labels) must hold exactly one 1 and zeros")
    np.testing.assert_array_equal(out.argmax(axis=1), labels,
                                  err_msg=f"the 1 of row i must sit in column labels[i]; labels = {labels}")
    assert set(np.unique(out)) <= {0.0, 1.0}, f"one_hot must hold only zeros and ones, got {np.unique(out)}"


@given(depth=st.integers(2, 30), kind=S.integer_types, data=st.data(),
       container=st.sampled_from(["uint8", "int32", "int64", "list"]))
def test_one_hot_depth(kata, depth, kind, data, container):
    """Catches a depth hard-coded to 10 (or refused as a numpy integer), and labels refused
    because they are uint8 (as MNIST ships them), int32 or a list."""
    raw = data.draw(st.lists(st.integers(0, depth - 1), min_size=1, max_size=20))
    labels = np.array(raw)
    given_labels = raw if container == "list" else labels.astype(container)
    out = S.numpy_array(kata.one_hot(given_labels, depth=kind(depth)),
                        f"one_hot({container} labels, depth={depth})", np.float32)
    assert out.shape == (len(labels), depth), (
        f"one_hot(labels, depth={depth}) of {len(labels)} labels: expected shape {(len(labels), depth)}, got {out.shape}")
    np.testing.assert_array_equal(out.argmax(axis=1), labels, err_msg=f"depth={depth}: the 1 must sit in column labels[i]")


@pytest.mark.parametrize("labels, why", [
    ([0, 10], "10 is not in [0, 10)"), ([-1, 3], "-1 is not in [0, 10)"),
    ([[1, 2]], "a 2-d input"), ([0.5, 1.0], "float labels")])
def test_one_hot_rejects_bad_labels(kata, labels, why):
    """Catches labels that silently wrap around or get truncated."""
    S.raises_value_error(lambda: kata.one_hot(np.array(labels), depth=10), f"one_hot({labels}) ({why})")


# ----------------------------------------------------------------- RandIter

@given(batch_size=S.batch_sizes, ndim=S.noise_dims, dist=st.sampled_from(["normal", "uniform"]),
       kind=S.integer_types)
def test_rand_iter_announces_and_yields_rand(kata, batch_size, ndim, dist, kind):
    """Catches a wrong provide_data name or shape (Module.bind would fail), sizes
    refused as numpy integers, and noise that is not a float32 NDArray on the CPU."""
    it = kata.RandIter(kind(batch_size), kind(ndim), dist=dist)
    what = f"RandIter({batch_size}, {ndim}, dist={dist!r})"
    expected = (batch_size, ndim, 1, 1)
    assert isinstance(it, mx.io.DataIter), f"{what} must be an mx.io.DataIter, got {type(it).__name__}"
    got = S.data_descs(it.provide_data, f"{what}.provide_data")
    assert got == [("rand", expected)], f"{what}.provide_data: expected [('rand', {expected})], got {got}"
    labels = S.data_descs(it.provide_label, f"{what}.provide_label")
    assert labels == [], f"{what}.provide_label: expected [] (noise has no label), got {labels}"
    (noise,) = batch_arrays(it.next(), ["rand"], what)
    assert noise.shape == expected, f"{what}: expected noise of shape {expected}, got {noise.shape}"


def test_rand_iter_binds_a_module(kata):
    """Catches an iterator that Module.bind cannot use."""
    it = kata.RandIter(4, 10)
    net = mx.sym.FullyConnected(mx.sym.Variable("rand"), num_hidden=3, name="fc")
    mod = mx.mod.Module(net, data_names=("rand",), label_names=None)
    mod.bind(data_shapes=it.provide_data, for_training=False)
    mod.init_params()
    mod.forward(it.next(), is_train=False)
    out = mod.get_outputs()[0].shape
    assert out == (4, 3), f"a Module bound to RandIter(4, 10).provide_data should output (4, 3), got {out}"


@pytest.mark.parametrize("dist", ["normal", "uniform"])
def test_rand_iter_draws_fresh_noise(kata, dist):
    """Catches noise drawn once in __init__ and handed out again and again."""
    it = kata.RandIter(8, 16, dist=dist)
    first = batch_arrays(it.next(), ["rand"], "RandIter")[0]
    second = batch_arrays(it.next(), ["rand"], "RandIter")[0]
    it.reset()
    third = batch_arrays(it.next(), ["rand"], "RandIter")[0]
    assert not np.allclose(first, second), f"dist={dist!r}: two batches in a row hold the same noise"
    assert not np.allclose(first, third), f"dist={dist!r}: reset() brought back the same noise"


def test_rand_iter_never_ends(kata):
    """Catches a noise stream that stops (StopIteration) after a number of batches."""
    it = kata.RandIter(2, 3)
    for count in range(300):
        try:
            it.next()
        except StopIteration:
            raise AssertionError(f"RandIter raised StopIteration after {count} batches: noise never runs out")
        if count == 150:
            it.reset()


@pytest.mark.parametrize("dist", ["normal", "uniform"])
def test_rand_iter_follows_mxnet_seed(kata, dist):
    """Catches noise drawn with numpy or Python's random (mx.random.seed would not make a run reproducible)."""
    draws = []
    for numpy_seed in (1, 2):
        np.random.seed(numpy_seed)
        mx.random.seed(42)
        draws.append(batch_arrays(kata.RandIter(4, 8, dist=dist).next(), ["rand"], "RandIter")[0])
    np.testing.assert_array_equal(draws[0], draws[1], err_msg=(
        f"dist={dist!r}: after mx.random.seed(42) twice, RandIter gave different noise: draw it with "
        "MXNet's generator (mx.nd.random), which mx.random.seed seeds"))


def test_rand_iter_normal_is_standard_normal(kata):
    """Catches uniform noise, or a normal with the wrong mean or scale."""
    x = batch_arrays(kata.RandIter(1000, 50).next(), ["rand"], "RandIter(1000, 50)")[0]
    assert abs(x.mean()) < 0.02 and abs(x.std() - 1) < 0.02, (
        f"N(0, 1) noise: expected mean 0 and std 1 over 50,000 values, got mean {x.mean():.3f}, std {x.std():.3f}")
    assert np.abs(x).max() > 3, (
        f"N(0, 1) noise: 50,000 values should reach beyond +-3, the largest was {np.abs(x).max():.2f}")


def test_rand_iter_uniform_spans_minus_one_to_one(kata):
    """Catches U(0,1) instead of U(-1,1), or normal noise under the uniform name."""
    x = batch_arrays(kata.RandIter(1000, 50, dist="uniform").next(), ["rand"], "RandIter(dist='uniform')")[0]
    lo, hi = float(x.min()), float(x.max())
    assert -1 <= lo and hi <= 1, f"U(-1, 1) noise must stay in [-1, 1], got values from {lo:.3f} to {hi:.3f}"
    assert lo < -0.99 and hi > 0.99, (
        f"U(-1, 1) noise: 50,000 values should come within 0.01 of -1 and of 1, got {lo:.3f} to {hi:.3f}")
    assert abs(x.mean()) < 0.02, f"U(-1, 1) noise has mean 0, got {x.mean():.3f}"
    assert abs(x.std() - 1 / np.sqrt(3)) < 0.02, f"U(-1, 1) noise has std 1/sqrt(3) = 0.577, got {x.std():.3f}"


@pytest.mark.parametrize("args", [(0, 10), (4, 0), (4, 10, "gaussian")])
def test_rand_iter_rejects_bad_arguments(kata, args):
    """Catches silently accepted nonsense (a typo in dist would train on the wrong noise)."""
    S.raises_value_error(lambda: kata.RandIter(*args), f"RandIter{args}")


def test_rand_iter_refuses_negative_sizes(kata):
    """Catches a check for 0 alone: a negative batch size is no more a size."""
    S.raises_value_error(lambda: kata.RandIter(-2, 10), "RandIter(-2, 10)")
    S.raises_value_error(lambda: kata.RandIter(4, -1), "RandIter(4, -1)")


# -------------------------------------------------------- preprocess_mnist

GREY_LEVEL = 1 / 127.5  # one step of 0..255 in [-1, 1]


def bilinear_matrix(n_in, n_out, corners):
    """(n_out, n_in) linear interpolation along one axis: pixel centres aligned
    (OpenCV) or corners aligned (BilinearResize2D's default)."""
    if corners:
        where = np.arange(n_out) * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0)
    else:
        where = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
    low = np.floor(where).astype(int)
    high = np.minimum(low + 1, n_in - 1)
    matrix = np.zeros((n_out, n_in))
    np.add.at(matrix, (np.arange(n_out), low), 1 - (where - low))
    np.add.at(matrix, (np.arange(n_out), high), where - low)
    return matrix


def bilinear(images, size, corners):
    rows = bilinear_matrix(images.shape[1], size, corners)
    cols = bilinear_matrix(images.shape[2], size, corners)
    return np.einsum("yh,nhw,xw->nyx", rows, images.astype(np.float64), cols) / 127.5 - 1


@given(n=st.integers(1, 8))
def test_preprocess_maps_pixels_to_minus_one_one(kata, n):
    """Catches [0, 2] (forgot the -1), [0, 1] (divided by 255), any other scale, and float64 output."""
    images = S.digit_like(n, seed=n)
    out = S.numpy_array(kata.preprocess_mnist(images, size=28, channels=1),
                        "preprocess_mnist(images, size=28, channels=1)", np.float32)
    assert out.shape == (n, 1, 28, 28), f"{n} images of 28x28 at size=28, channels=1: expected {(n, 1, 28, 28)}, got {out.shape}"
    np.testing.assert_allclose(out[:, 0], images / 127.5 - 1, atol=1e-5,
                               err_msg="pixel p must become p / 127.5 - 1 (0 -> -1, 255 -> 1)")


@given(n=st.integers(1, 4), size=S.image_sizes, channels=st.sampled_from([1, 2, 3]), kind=S.integer_types)
def test_preprocess_shape_and_channels(kata, n, size, channels, kind):
    """Catches channels tiled on the wrong axis, channels padded with zeros instead of
    copies, a resize to the wrong size, and sizes refused as numpy integers."""
    out = S.numpy_array(kata.preprocess_mnist(S.digit_like(n), size=kind(size), channels=kind(channels)),
                        f"preprocess_mnist(size={size}, channels={channels})", np.float32)
    expected = (n, channels, size, size)
    assert out.shape == expected, f"expected (N, channels, size, size) = {expected}, got {out.shape}"
    for c in range(1, channels):
        np.testing.assert_array_equal(out[:, c], out[:, 0], err_msg=f"channel {c} must be a copy of channel 0 (the grey image)")


def test_preprocess_defaults_to_64_by_64_rgb(kata):
    """Catches other defaults than size=64, channels=3 (the DCGAN tutorial's input)."""
    out = S.numpy_array(kata.preprocess_mnist(S.digit_like(2)), "preprocess_mnist(images)", np.float32)
    assert out.shape == (2, 3, 64, 64), f"preprocess_mnist(2 images) with the defaults: expected (2, 3, 64, 64), got {out.shape}"


def test_preprocess_size_one_is_a_size(kata):
    """Catches size=1 refused: one pixel, the image's bilinear average around its centre, is a valid size."""
    out = S.numpy_array(kata.preprocess_mnist(S.digit_like(2), size=1, channels=2), "preprocess_mnist(size=1)", np.float32)
    assert out.shape == (2, 2, 1, 1), f"preprocess_mnist(2 images, size=1, channels=2): expected (2, 2, 1, 1), got {out.shape}"
    assert np.all(np.abs(out) <= 1 + 1e-6), f"size=1: values must stay in [-1, 1], got {out.ravel().tolist()}"


@given(value=st.integers(0, 255), size=S.image_sizes)
def test_preprocess_resize_keeps_flat_images_flat(kata, value, size):
    """Catches a resize that is not an interpolation (weights not summing to 1)."""
    out = S.numpy_array(kata.preprocess_mnist(np.full((2, 28, 28), value, np.uint8), size=size),
                        "preprocess_mnist", np.float32)
    np.testing.assert_allclose(out, np.full(out.shape, value / 127.5 - 1), atol=1e-5,
                               err_msg=f"images all {value} must stay all {value / 127.5 - 1:.4f} at size {size}")


@pytest.mark.parametrize("height, width", [(28, 28), (20, 24)])
@pytest.mark.parametrize("size", [8, 16, 32, 64])
def test_preprocess_resize_is_bilinear(kata, height, width, size):
    """Catches nearest-neighbour resizing, a digit moved, mirrored or transposed, and
    height and width mixed up. Either alignment of the grids is bilinear, and a resize
    rounded to whole grey levels (OpenCV's, in uint8) is within one level."""
    images = S.digit_like(3, height, width, seed=size)
    out = S.numpy_array(kata.preprocess_mnist(images, size=size, channels=1), "preprocess_mnist", np.float32)
    assert out.shape == (3, 1, size, size), f"expected shape {(3, 1, size, size)}, got {out.shape}"
    errors = {name: float(np.abs(out[:, 0] - bilinear(images, size, corners)).max())
              for name, corners in (("pixel centres aligned", False), ("corners aligned", True))}
    assert min(errors.values()) <= GREY_LEVEL, (
        f"{height}x{width} images resized to {size}x{size} match no bilinear resize: they differ from "
        + " and ".join(f"{name} by up to {err / GREY_LEVEL:.1f} grey levels" for name, err in errors.items())
        + " (one grey level is 1/127.5 in [-1, 1]). Interpolate along the rows with H, along the columns with W")


@pytest.mark.parametrize("bad, why", [
    (np.zeros((2, 28, 28), np.float32), "float images"),
    (np.zeros((2, 28, 28), np.int64), "int64 images"),
    (np.zeros((28, 28), np.uint8), "one image without the batch axis"),
    (np.zeros((2, 1, 28, 28), np.uint8), "a 4-d batch")])
def test_preprocess_rejects_bad_input(kata, bad, why):
    """Catches float or unbatched input quietly turned into garbage."""
    S.raises_value_error(lambda: kata.preprocess_mnist(bad), f"preprocess_mnist of {why} {bad.dtype} {bad.shape}")


@pytest.mark.parametrize("kwargs", [dict(size=0), dict(channels=0)])
def test_preprocess_rejects_bad_sizes(kata, kwargs):
    """Catches an empty output quietly made of a size or channel count of 0."""
    S.raises_value_error(lambda: kata.preprocess_mnist(S.digit_like(2), **kwargs), f"preprocess_mnist(images, **{kwargs})")


def test_preprocess_leaves_the_input_alone(kata):
    """Catches preprocessing that writes into the caller's images."""
    images = S.digit_like(4)
    before = images.copy()
    kata.preprocess_mnist(images, size=16, channels=3)
    np.testing.assert_array_equal(images, before, err_msg="preprocess_mnist changed the images it was given")


# -------------------------------------------------------------- image_iter

@settings(max_examples=12)  # each example reads whole epochs
@given(batch_size=st.integers(1, 12), size=st.sampled_from([16, 28, 64]), channels=S.channel_counts,
       kind=S.integer_types)
def test_image_iter_shapes(kata, batch_size, size, channels, kind):
    """Catches a provide_data that does not match the batches, a short last batch
    kept, batch sizes refused as numpy integers, and float64 or non-CPU batches."""
    it = kata.image_iter(S.digit_like(24), kind(batch_size), size=kind(size), channels=kind(channels))
    what = f"image_iter(24 images, batch_size={batch_size}, size={size}, channels={channels})"
    expected = (batch_size, channels, size, size)
    got = S.data_descs(it.provide_data, f"{what}.provide_data")
    assert got == [("data", expected)], f"{what}.provide_data: expected [('data', {expected})], got {got}"
    batches = read_epoch(it, 24 // batch_size, what)
    assert len(batches) == 24 // batch_size, (
        f"{what}: last_batch='discard' yields only full batches, {24 // batch_size}; got {len(batches)}")
    for index, batch in enumerate(batches):
        (data,) = batch_arrays(batch, ["data"], what)
        assert data.shape == expected, f"{what}: batch {index} has shape {data.shape}, expected {expected}"


def test_image_iter_defaults(kata):
    """Catches other defaults than size=64, channels=3, seed=0, last_batch="discard"."""
    images = S.numbered_images(20)
    it = kata.image_iter(images, 4)
    got = S.data_descs(it.provide_data, "image_iter(images, 4).provide_data")
    assert got == [("data", (4, 3, 64, 64))], f"image_iter(images, 4) with the defaults: expected [('data', (4, 3, 64, 64))], got {got}"
    default = order_of(kata.image_iter(images, 3, size=8, channels=1), 20, 3, "image_iter(20 images, 3) with the defaults")
    seeded = order_of(kata.image_iter(images, 3, size=8, channels=1, seed=0), 20, 3, "image_iter(seed=0)")
    assert len(default) == 18, f"20 images in batches of 3 with the default last_batch='discard': 6 batches, got {len(default) // 3}"
    assert default == seeded, f"the default seed is 0: image_iter(images, 3) gave {default}, with seed=0 {seeded}"


def test_image_iter_in_order_without_shuffle(kata):
    """Catches batches that skip, repeat or mis-preprocess images (compared with your own preprocess_mnist)."""
    images = S.digit_like(20)
    batches = read_epoch(kata.image_iter(images, 5, size=32, channels=3, shuffle=False), 4)
    got = np.concatenate([batch_arrays(b, ["data"], "image_iter(shuffle=False)")[0] for b in batches])
    want = S.numpy_array(kata.preprocess_mnist(images, 32, 3), "preprocess_mnist", np.float32)
    assert got.shape == want.shape, f"20 images in batches of 5: expected {want.shape} in all, got {got.shape}"
    for k in range(len(images)):
        np.testing.assert_allclose(got[k], want[k], atol=1e-6, err_msg=(
            f"with shuffle=False, image {k} of the epoch must be preprocess_mnist(images)[{k}]"))


@settings(max_examples=12)  # each example reads whole epochs
@given(batch_size=st.integers(1, 10), seed=st.integers(0, 100), last_batch=st.sampled_from(["discard", "pad"]))
def test_image_iter_shuffles_every_image_once(kata, batch_size, seed, last_batch):
    """Catches sampling with replacement, shuffles that lose images, and fillers that are not the epoch's first images."""
    n = 22
    it = kata.image_iter(S.numbered_images(n), batch_size, size=8, channels=1, seed=seed, last_batch=last_batch)
    what = f"image_iter(22 images, batch_size={batch_size}, seed={seed}, last_batch={last_batch!r})"
    full = n // batch_size
    expected = full if last_batch == "discard" else -(-n // batch_size)
    batches = read_epoch(it, expected, what)
    assert len(batches) == expected, f"{what}: expected {expected} batches, got {len(batches)}"
    seen = [k for numbers in numbers_of(batches, what) for k in numbers]
    if last_batch == "discard":
        assert len(set(seen)) == len(seen) == full * batch_size, (
            f"{what}: an epoch must show {full * batch_size} different images, got {len(set(seen))} "
            f"different in {len(seen)}: {seen}")
        return
    fillers = len(seen) - n
    assert sorted(seen[:n]) == list(range(n)), f"{what}: every image must come once before the fillers, got {seen}"
    assert seen[n:] == seen[:fillers], (
        f"{what}: the {fillers} filler(s) of the last batch must be the first images of the epoch "
        f"{seen[:fillers]}, got {seen[n:]}")
    pads = [S.exact_int(b.pad, f"{what}: batch.pad") for b in batches]
    assert pads == [0] * (len(batches) - 1) + [fillers], f"{what}: expected pads {[0] * (len(batches) - 1) + [fillers]}, got {pads}"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_image_iter_shuffles_images_not_batches(kata, seed):
    """Catches a shuffle of whole batches (or within fixed batches): each batch must mix images from all over."""
    it = kata.image_iter(S.numbered_images(48), 8, size=8, channels=1, seed=seed)
    batches = numbers_of(read_epoch(it, 6))
    runs = [sorted(b) == list(range(min(b), min(b) + 8)) for b in batches]
    assert not all(runs), (
        f"seed={seed}: every batch holds 8 consecutive images ({batches}): shuffle the order of the "
        "images, not the order of the batches")


def test_image_iter_shuffles_by_default(kata):
    """Catches shuffle=False as the default (the DCGAN would see the digits in file order every epoch)."""
    it = kata.image_iter(S.numbered_images(40), 8, size=8, channels=1)
    order = order_of(it, 40, 8, "image_iter(images, 8) with the default shuffle")
    assert order != list(range(40)), "image_iter's default is shuffle=True, but the images came in their own order"


def test_image_iter_shuffle_is_seeded(kata):
    """Catches a seed that is ignored, numpy's global generator used (or reseeded)
    instead of the iterator's own, and one order for every epoch."""
    images = S.numbered_images(40)

    def two_epochs(seed, noise):
        np.random.seed(noise)  # whatever else happens to numpy's global state...
        it = kata.image_iter(images, 8, size=8, channels=1, seed=seed)
        first = order_of(it, 40, 8, f"image_iter(seed={seed})")
        np.random.rand(noise)
        it.reset()
        return first, order_of(it, 40, 8, f"image_iter(seed={seed}) after reset()")

    a1, a2 = two_epochs(7, 1)
    b1, b2 = two_epochs(7, 2)
    assert (a1, a2) == (b1, b2), (
        "two image_iter(seed=7) gave different orders (first epoch "
        f"{a1[:8]}... vs {b1[:8]}...): draw them from the iterator's own numpy.random.RandomState(seed), "
        "whatever numpy's global random state is")
    assert a1 != a2, f"seed=7: reset() must draw a new order, but both epochs came as {a1}"
    orders = {seed: two_epochs(seed, 3)[0] for seed in (0, 1, 2)}
    assert orders[0] != orders[1] != orders[2] != orders[0], (
        f"seeds 0, 1 and 2 must give different orders, got {orders}: the seed is ignored")


def test_image_iter_pads_the_last_batch(kata):
    """Catches a last batch that is dropped, short or without its pad count."""
    it = kata.image_iter(S.numbered_images(10), 4, size=8, channels=1, shuffle=False, last_batch="pad")
    batches = read_epoch(it, 3, "image_iter(10 images, 4, last_batch='pad')")
    assert len(batches) == 3, f"10 images in batches of 4 with last_batch='pad': expected 3 batches, got {len(batches)}"
    pads = [S.exact_int(b.pad, "batch.pad") for b in batches]
    assert pads == [0, 0, 2], f"10 images in batches of 4: expected batch.pad 0, 0, 2, got {pads}"
    last = numbers_of(batches)[-1]
    assert last == [8, 9, 0, 1], (
        f"without shuffling the last batch holds images 8, 9 and the fillers 0, 1 (the start of the epoch); got {last}")


@pytest.mark.parametrize("n, batch_size", [(12, 4), (8, 8)])
def test_image_iter_pads_nothing_when_the_batches_fit(kata, n, batch_size):
    """Catches a padded extra batch when batch_size divides the number of images."""
    it = kata.image_iter(S.numbered_images(n), batch_size, size=8, channels=1, last_batch="pad")
    what = f"image_iter({n} images, batch_size={batch_size}, last_batch='pad')"
    batches = read_epoch(it, n // batch_size, what)
    assert len(batches) == n // batch_size, (
        f"{what}: {n} images fill {n // batch_size} batches exactly, nothing to pad; got {len(batches)} batches")
    pads = [S.exact_int(b.pad, f"{what}: batch.pad") for b in batches]
    assert pads == [0] * len(batches), f"{what}: no batch has fillers, expected pads {[0] * len(batches)}, got {pads}"
    assert sorted(k for b in numbers_of(batches, what) for k in b) == list(range(n)), f"{what}: every image once"


def test_image_iter_stops_until_reset(kata):
    """Catches an epoch that restarts by itself after StopIteration, or a reset() that does not rewind."""
    it = kata.image_iter(S.numbered_images(12), 4, size=8, channels=1)
    assert len(read_epoch(it, 3)) == 3, "12 images in batches of 4 make 3 batches"
    try:
        it.next()
    except StopIteration:
        pass
    else:
        raise AssertionError("after the end of the epoch, next() must keep raising StopIteration until reset()")
    it.reset()
    again = read_epoch(it, 3, "image_iter after reset()")
    assert len(again) == 3, f"after reset(), the next epoch must have 3 batches again, got {len(again)}"


@pytest.mark.parametrize("kwargs, why", [
    (dict(batch_size=0), "batch_size=0"), (dict(batch_size=-4), "batch_size=-4"),
    (dict(batch_size=11), "batch_size=11 above the 10 images"), (dict(last_batch="roll_over"), "last_batch='roll_over'"),
    (dict(images=np.zeros((10, 28, 28), np.float32)), "float32 images"),
    (dict(images=np.zeros((28, 28), np.uint8)), "a single 28x28 image")])
def test_image_iter_rejects_bad_arguments(kata, kwargs, why):
    """Catches arguments that would give empty or ragged epochs, or garbage batches."""
    args = dict(images=S.digit_like(10), batch_size=4)
    args.update(kwargs)
    S.raises_value_error(lambda: kata.image_iter(**args), f"image_iter with {why}")


def test_image_iter_binds_a_module(kata):
    """Catches an iterator Module.bind cannot use."""
    it = kata.image_iter(S.digit_like(8), 4, size=16, channels=3)
    net = mx.sym.Convolution(mx.sym.Variable("data"), kernel=(4, 4), stride=(2, 2), num_filter=2)
    mod = mx.mod.Module(net, data_names=("data",), label_names=None)
    mod.bind(data_shapes=it.provide_data, for_training=False)
    mod.init_params()
    mod.forward(it.next(), is_train=False)
    out = mod.get_outputs()[0].shape
    assert out == (4, 2, 7, 7), f"a Module bound to image_iter's provide_data should output (4, 2, 7, 7), got {out}"


def test_image_iter_leaves_the_images_alone(kata):
    """Catches a shuffle done in place on the caller's images (their order is the data set's)."""
    images = S.numbered_images(20)
    before = images.copy()
    it = kata.image_iter(images, 5, size=8, channels=1, seed=3)
    read_epoch(it, 4)
    it.reset()
    read_epoch(it, 4)
    np.testing.assert_array_equal(images, before, err_msg="image_iter changed (or reordered) the images it was given")


def resident_mb():
    """This process's resident memory now, in MB (None where /proc is not readable)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except (OSError, ValueError, IndexError):
        return None


def test_image_iter_memory_stays_at_one_batch(kata):
    """Catches preprocessing every image up front (3.4 GB of floats for all of MNIST) and
    batches cached (or kept) as the epoch goes on."""
    images = S.digit_like(3000)  # 2.3 MB of uint8; 37 MB once preprocessed to 3x32x32 float32
    batch_mb = 50 * 3 * 32 * 32 * 4 / 2**20
    read_epoch(kata.image_iter(images[:150], 50, size=32, channels=3), 3)  # warm-up: MXNet's first calls allocate
    tracemalloc.start()
    try:
        rss0, (traced0, _) = resident_mb(), tracemalloc.get_traced_memory()
        it = kata.image_iter(images, 50, size=32, channels=3)
        growth, count = 0.0, 0
        while True:
            try:
                batch = it.next()
            except StopIteration:
                break
            del batch
            count += 1
            assert count <= 63, "image_iter did not stop after 63 batches of 50 from 3000 images"
            rss = resident_mb()
            growth = max(growth, (tracemalloc.get_traced_memory()[0] - traced0) / 2**20,
                         0.0 if rss is None else rss - rss0)
        growth = max(growth, (tracemalloc.get_traced_memory()[1] - traced0) / 2**20)
    finally:
        tracemalloc.stop()
    assert count == 60, f"3000 images in batches of 50 make 60 batches, got {count}"
    assert growth < 20 * batch_mb, (
        f"memory grew by {growth:.0f} MB over one epoch of 60 batches of {batch_mb:.1f} MB: preprocess each batch "
        "in next() (not the whole data set in advance), and keep no batch once it is handed out")


# --------------------------------------------------------- ConditionalIter

@settings(max_examples=12)  # each example reads whole epochs
@given(batch_size=st.integers(1, 10), seed=st.integers(0, 50), last_batch=st.sampled_from(["discard", "pad"]),
       listed=st.booleans())
def test_conditional_iter_pairs_images_with_their_digits(kata, batch_size, seed, last_batch, listed):
    """Catches labels shuffled apart from their images (fillers included), a wrong
    provide_data, and float64 digits."""
    n = 22
    labels = (np.arange(n) * 7) % 10
    given_labels = labels.tolist() if listed else labels.astype(np.uint8)
    it = kata.ConditionalIter(S.numbered_images(n), given_labels, batch_size, seed=seed, last_batch=last_batch)
    what = f"ConditionalIter(22 images, labels, {batch_size}, seed={seed}, last_batch={last_batch!r})"
    expected = [("data", (batch_size, 1, 28, 28)), ("digit", (batch_size, 10))]
    got = S.data_descs(it.provide_data, f"{what}.provide_data")
    assert got == expected, f"{what}.provide_data: expected {expected}, got {got}"
    count = n // batch_size if last_batch == "discard" else -(-n // batch_size)
    batches = read_epoch(it, count, what)
    assert len(batches) == count, f"{what}: expected {count} batches, got {len(batches)}"
    for index, batch in enumerate(batches):
        images, digits = batch_arrays(batch, ["data", "digit"], what)
        assert images.shape == expected[0][1] and digits.shape == expected[1][1], (
            f"{what}: batch {index} holds shapes {images.shape} and {digits.shape}, expected "
            f"{expected[0][1]} and {expected[1][1]}")
        numbers = S.image_numbers(images)
        np.testing.assert_array_equal(digits, np.eye(10, dtype=np.float32)[labels[numbers]], err_msg=(
            f"{what}: batch {index} holds images {numbers.tolist()} whose digits are "
            f"{labels[numbers].tolist()}: each one-hot row must be the digit of its own image"))


def test_conditional_iter_shuffles_like_image_iter(kata):
    """Catches a ConditionalIter that does not shuffle by default, ignores its seed, or repeats its order."""
    n, labels = 40, np.arange(40) % 10
    orders = {}
    for seed in (0, 1):
        it = kata.ConditionalIter(S.numbered_images(n), labels, 8, seed=seed)
        what = f"ConditionalIter(seed={seed})"
        first = [k for b in numbers_of(read_epoch(it, 5, what), what, ("data", "digit")) for k in b]
        it.reset()
        second = [k for b in numbers_of(read_epoch(it, 5, what), what, ("data", "digit")) for k in b]
        assert sorted(first) == list(range(n)), f"{what}: every image once per epoch, got {first}"
        assert first != list(range(n)), f"{what}: shuffle=True is the default, but the images came in order"
        assert first != second, f"{what}: reset() must draw a new order"
        orders[seed] = first
    assert orders[0] != orders[1], "ConditionalIter with seeds 0 and 1 gave the same order: the seed is ignored"
    again = kata.ConditionalIter(S.numbered_images(n), labels, 8)
    default = [k for b in numbers_of(read_epoch(again, 5), "ConditionalIter", ("data", "digit")) for k in b]
    assert default == orders[0], f"the default seed is 0, and a seed gives one order: {default} vs {orders[0]}"


@pytest.mark.parametrize("labels, batch_size, why", [
    (np.zeros(9, int), 2, "9 labels for 10 images"), (np.zeros(10, int), 0, "batch_size=0"),
    (np.zeros(10, int), 11, "batch_size=11 above the 10 images")])
def test_conditional_iter_rejects_bad_arguments(kata, labels, batch_size, why):
    """Catches labels silently truncated to the number of images, and impossible batch sizes."""
    S.raises_value_error(lambda: kata.ConditionalIter(S.digit_like(10), labels, batch_size), f"ConditionalIter with {why}")
