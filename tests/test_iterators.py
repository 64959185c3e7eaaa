"""Tests of the iterators kata: noise, MNIST preprocessing, batching, one-hot.

Each test names, in its docstring, the mistake it is there to catch.
"""
import resource
import time

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, strategies as st

from tests import strategies as S


def as_numpy(array):
    return array.asnumpy() if isinstance(array, mx.nd.NDArray) else np.asarray(array)


# ----------------------------------------------------------------- one_hot

@given(labels=st.lists(st.integers(0, 9), min_size=1, max_size=50))
def test_one_hot_puts_a_single_one_at_the_label(kata, labels):
    """Catches an off-by-one column and rows that are not one-hot."""
    out = as_numpy(kata.one_hot(np.array(labels)))
    assert out.shape == (len(labels), 10), f"expected shape {(len(labels), 10)}, got {out.shape}"
    assert out.dtype == np.float32, f"expected float32, got {out.dtype}"
    np.testing.assert_array_equal(out.sum(axis=1), 1, err_msg="every row must hold exactly one 1")
    np.testing.assert_array_equal(out.argmax(axis=1), labels, err_msg="the 1 must sit in column `label`")


@given(depth=st.integers(2, 30), data=st.data())
def test_one_hot_depth(kata, depth, data):
    """Catches a depth hard-coded to 10."""
    labels = np.array(data.draw(st.lists(st.integers(0, depth - 1), min_size=1, max_size=20)))
    out = as_numpy(kata.one_hot(labels, depth=depth))
    assert out.shape == (len(labels), depth)
    np.testing.assert_array_equal(out.argmax(axis=1), labels)


@pytest.mark.parametrize("labels", [[0, 10], [-1, 3], [[1, 2]], [0.5, 1.0]])
def test_one_hot_rejects_bad_labels(kata, labels):
    """Catches labels that silently wrap around or get truncated."""
    with pytest.raises(ValueError):
        kata.one_hot(np.array(labels), depth=10)


# ----------------------------------------------------------------- RandIter

@given(batch_size=S.batch_sizes, ndim=S.noise_dims, dist=st.sampled_from(["normal", "uniform"]))
def test_rand_iter_announces_and_yields_rand(kata, batch_size, ndim, dist):
    """Catches a wrong provide_data name or shape (Module.bind would fail)."""
    it = kata.RandIter(batch_size, ndim, dist=dist)
    expected = (batch_size, ndim, 1, 1)
    assert isinstance(it, mx.io.DataIter)
    assert [tuple(d) for d in it.provide_data] == [("rand", expected)], (
        f"provide_data should be [('rand', {expected})], got {it.provide_data}")
    batch = it.next()
    assert batch.data[0].shape == expected, f"expected noise of shape {expected}, got {batch.data[0].shape}"


def test_rand_iter_binds_a_module(kata):
    """Catches an iterator that Module.bind cannot use."""
    it = kata.RandIter(4, 10)
    net = mx.sym.FullyConnected(mx.sym.Variable("rand"), num_hidden=3, name="fc")
    mod = mx.mod.Module(net, data_names=("rand",), label_names=None)
    mod.bind(data_shapes=it.provide_data, for_training=False)
    mod.init_params()
    mod.forward(it.next(), is_train=False)
    assert mod.get_outputs()[0].shape == (4, 3)


@pytest.mark.parametrize("dist", ["normal", "uniform"])
def test_rand_iter_draws_fresh_noise(kata, dist):
    """Catches noise drawn once in __init__ and handed out again and again."""
    it = kata.RandIter(8, 16, dist=dist)
    first = it.next().data[0].asnumpy()
    second = it.next().data[0].asnumpy()
    it.reset()
    third = it.next().data[0].asnumpy()
    assert not np.allclose(first, second), "two batches in a row hold the same noise"
    assert not np.allclose(first, third), "reset() brought back the same noise"


def test_rand_iter_normal_is_standard_normal(kata):
    """Catches uniform noise, or a normal with the wrong mean or scale."""
    x = kata.RandIter(1000, 50).next().data[0].asnumpy()
    assert abs(x.mean()) < 0.02 and abs(x.std() - 1) < 0.02, f"mean {x.mean():.3f}, std {x.std():.3f}"
    assert np.abs(x).max() > 3, "a N(0,1) sample of 50,000 values has tails beyond 3"


def test_rand_iter_uniform_spans_minus_one_to_one(kata):
    """Catches U(0,1) instead of U(-1,1), or normal noise under the uniform name."""
    x = kata.RandIter(1000, 50, dist="uniform").next().data[0].asnumpy()
    assert x.min() >= -1 and x.max() <= 1, f"values from {x.min():.3f} to {x.max():.3f}"
    assert x.min() < -0.99 and x.max() > 0.99 and abs(x.mean()) < 0.02
    assert abs(x.std() - 1 / np.sqrt(3)) < 0.02, f"std {x.std():.3f}, U(-1,1) has 0.577"


@pytest.mark.parametrize("args", [(0, 10), (4, 0), (4, 10, "gaussian")])
def test_rand_iter_rejects_bad_arguments(kata, args):
    """Catches silently accepted nonsense (a typo in dist would train on the wrong noise)."""
    with pytest.raises(ValueError):
        kata.RandIter(*args)


# -------------------------------------------------------- preprocess_mnist

@given(n=st.integers(1, 8))
def test_preprocess_maps_pixels_to_minus_one_one(kata, n):
    """Catches [0, 2] (forgot the -1), [0, 1] (divided by 255) and any other scale."""
    images = S.digit_like(n, seed=n)
    out = as_numpy(kata.preprocess_mnist(images, size=28, channels=1))
    assert out.shape == (n, 1, 28, 28), f"expected {(n, 1, 28, 28)}, got {out.shape}"
    assert out.dtype == np.float32
    np.testing.assert_allclose(out[:, 0], images / 127.5 - 1, atol=1e-5,
                               err_msg="pixel p must become p / 127.5 - 1")


@given(n=st.integers(1, 4), size=S.image_sizes, channels=S.channel_counts)
def test_preprocess_shape_and_channels(kata, n, size, channels):
    """Catches channels tiled on the wrong axis and a resize to the wrong size."""
    out = as_numpy(kata.preprocess_mnist(S.digit_like(n), size=size, channels=channels))
    expected = (n, channels, size, size)
    assert out.shape == expected, f"expected (N, channels, size, size) = {expected}, got {out.shape}"
    for c in range(1, channels):
        np.testing.assert_array_equal(out[:, c], out[:, 0], err_msg="every channel is the same grey image")


@given(value=st.integers(0, 255), size=S.image_sizes)
def test_preprocess_resize_keeps_flat_images_flat(kata, value, size):
    """Catches a resize that is not an interpolation (weights not summing to 1)."""
    out = as_numpy(kata.preprocess_mnist(np.full((2, 28, 28), value, np.uint8), size=size))
    np.testing.assert_allclose(out, value / 127.5 - 1, atol=1e-5)


def test_preprocess_resize_agrees_with_the_reference(kata, reference):
    """Catches a resize that moves or mirrors the digit (any bilinear resize passes)."""
    images = S.digit_like(16)
    ours = as_numpy(kata.preprocess_mnist(images, size=64, channels=3))
    ref = reference.preprocess_mnist(images, size=64, channels=3)
    assert ours.min() >= -1 and ours.max() <= 1
    assert abs(ours.mean() - ref.mean()) < 0.02
    corr = np.corrcoef(ours.ravel(), ref.ravel())[0, 1]
    assert corr > 0.9, f"the resized images correlate with the reference's only at {corr:.2f}"


@pytest.mark.parametrize("bad", [np.zeros((2, 28, 28), np.float32), np.zeros((28, 28), np.uint8)])
def test_preprocess_rejects_bad_input(kata, bad):
    """Catches float or unbatched input quietly turned into garbage."""
    with pytest.raises(ValueError):
        kata.preprocess_mnist(bad)


def best_time(fn, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def test_preprocess_is_vectorised(kata, reference):
    """Catches a Python loop over the images (70,000 of them in the full MNIST)."""
    images = S.digit_like(2000)
    ours = best_time(lambda: kata.preprocess_mnist(images))
    ref = best_time(lambda: reference.preprocess_mnist(images))
    assert ours <= 5 * ref + 0.05, (
        f"preprocess_mnist took {ours * 1000:.0f} ms for 2000 images, the reference "
        f"{ref * 1000:.0f} ms: process the batch as one array, not image by image")


# -------------------------------------------------------------- image_iter

def epoch(it):
    return list(it)


@given(batch_size=st.integers(1, 12), size=st.sampled_from([16, 28, 64]), channels=S.channel_counts)
def test_image_iter_shapes(kata, batch_size, size, channels):
    """Catches a provide_data that does not match the batches."""
    it = kata.image_iter(S.digit_like(24), batch_size, size=size, channels=channels)
    expected = (batch_size, channels, size, size)
    assert [tuple(d) for d in it.provide_data] == [("data", expected)]
    batches = epoch(it)
    assert len(batches) == 24 // batch_size, "last_batch='discard' yields only full batches"
    for batch in batches:
        assert batch.data[0].shape == expected


def test_image_iter_in_order_without_shuffle(kata, reference):
    """Catches batches that skip, repeat or mis-preprocess images."""
    images = S.digit_like(20)
    batches = epoch(kata.image_iter(images, 5, size=32, channels=3, shuffle=False))
    got = np.concatenate([b.data[0].asnumpy() for b in batches])
    np.testing.assert_allclose(got, reference.preprocess_mnist(images, 32, 3), atol=0.02)


@given(batch_size=st.integers(1, 10), seed=st.integers(0, 100))
def test_image_iter_shuffles_every_image_once(kata, batch_size, seed):
    """Catches sampling with replacement and shuffles that lose images."""
    n = 30
    it = kata.image_iter(S.numbered_images(n), batch_size, size=16, channels=1, seed=seed)
    seen = np.concatenate([S.image_numbers(b.data[0].asnumpy()) for b in epoch(it)])
    assert len(seen) == (n // batch_size) * batch_size
    assert len(set(seen)) == len(seen), "an image came twice in one epoch"


def test_image_iter_shuffle_is_seeded_and_changes_per_epoch(kata):
    """Catches an unseeded shuffle (irreproducible) and one order for every epoch."""
    def order(it):
        return np.concatenate([S.image_numbers(b.data[0].asnumpy()) for b in epoch(it)])
    images = S.numbered_images(40)
    a = kata.image_iter(images, 8, size=8, channels=1, seed=7)
    b = kata.image_iter(images, 8, size=8, channels=1, seed=7)
    first = order(a)
    np.testing.assert_array_equal(first, order(b), err_msg="the same seed must give the same order")
    assert not np.array_equal(first, np.arange(40)), "shuffle=True left the images in order"
    a.reset()
    assert not np.array_equal(first, order(a)), "every epoch came in the same order"


def test_image_iter_pads_the_last_batch(kata):
    """Catches a last batch that is dropped, short or without its pad count."""
    it = kata.image_iter(S.numbered_images(10), 4, size=8, channels=1, shuffle=False, last_batch="pad")
    batches = epoch(it)
    assert len(batches) == 3
    assert [b.pad for b in batches] == [0, 0, 2]
    np.testing.assert_array_equal(S.image_numbers(batches[-1].data[0].asnumpy()), [8, 9, 0, 1])


@pytest.mark.parametrize("kwargs", [dict(batch_size=0), dict(batch_size=11), dict(last_batch="roll_over")])
def test_image_iter_rejects_bad_arguments(kata, kwargs):
    """Catches arguments that would give empty or ragged epochs."""
    args = dict(batch_size=4)
    args.update(kwargs)
    with pytest.raises(ValueError):
        kata.image_iter(S.digit_like(10), **args)


def test_image_iter_binds_a_module(kata):
    """Catches an iterator Module.bind cannot use."""
    it = kata.image_iter(S.digit_like(8), 4, size=16, channels=3)
    net = mx.sym.Convolution(mx.sym.Variable("data"), kernel=(4, 4), stride=(2, 2), num_filter=2)
    mod = mx.mod.Module(net, data_names=("data",), label_names=None)
    mod.bind(data_shapes=it.provide_data, for_training=False)
    mod.init_params()
    mod.forward(it.next(), is_train=False)
    assert mod.get_outputs()[0].shape == (4, 2, 7, 7)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_image_iter_never_materialises_the_dataset(kata):
    """Catches preprocessing every image up front (3.4 GB of floats for all of MNIST)."""
    images = S.digit_like(20000)  # 16 MB of uint8; 980 MB once preprocessed to 3x64x64 float32
    before = peak_rss_mb()
    it = kata.image_iter(images, 64)
    for _ in range(3):
        it.next()
    grown = peak_rss_mb() - before
    assert grown < 300, (
        f"peak memory grew by {grown:.0f} MB for 3 batches: preprocess each batch in next(), "
        "not the whole data set in advance")


# --------------------------------------------------------- ConditionalIter

@given(batch_size=st.integers(1, 10), seed=st.integers(0, 50))
def test_conditional_iter_pairs_images_with_their_digits(kata, batch_size, seed):
    """Catches labels shuffled apart from their images, and a wrong provide_data."""
    n = 30
    labels = (np.arange(n) * 7) % 10
    it = kata.ConditionalIter(S.numbered_images(n), labels, batch_size, seed=seed)
    assert [tuple(d) for d in it.provide_data] == [
        ("data", (batch_size, 1, 28, 28)), ("digit", (batch_size, 10))]
    for batch in epoch(it):
        images, digits = (d.asnumpy() for d in batch.data)
        assert images.shape == (batch_size, 1, 28, 28) and digits.shape == (batch_size, 10)
        numbers = S.image_numbers(images)
        np.testing.assert_array_equal(digits.argmax(axis=1), labels[numbers],
                                      err_msg="each one-hot digit must belong to its image")
        np.testing.assert_array_equal(digits.sum(axis=1), 1)


def test_conditional_iter_rejects_mismatched_labels(kata):
    """Catches labels silently truncated to the number of images."""
    with pytest.raises(ValueError):
        kata.ConditionalIter(S.digit_like(10), np.zeros(9, int), 2)
