"""Tests of the visualize kata: tiling a batch of generated images into one picture.

Each test names, in its docstring, the mistake it is there to catch. The
pixel checks compare with the obvious loop (image i at tile row i // ncols,
tile column i % ncols, pixel value (x + 1) * 127.5 clipped to 0..255) and
allow 1 grey level of rounding (truncating or rounding are both fine).
"""
import math

import matplotlib.image
import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st


def as_numpy(array):
    return array.asnumpy() if isinstance(array, mx.nd.NDArray) else np.asarray(array)


def random_batch(n, c, h, w, seed=0, low=-1.0, high=1.0):
    return np.random.RandomState(seed).uniform(low, high, size=(n, c, h, w)).astype(np.float32)


def expected_grid(batch, ncols):
    """The slow, obvious mosaic the kata must reproduce."""
    n, c, h, w = batch.shape
    nrows = math.ceil(n / ncols)
    out = np.zeros((nrows * h, ncols * w, c), dtype=np.float64)
    for i in range(n):
        row, col = i // ncols, i % ncols
        tile = np.clip((batch[i].astype(np.float64) + 1) * 127.5, 0, 255).transpose(1, 2, 0)
        out[row * h:(row + 1) * h, col * w:(col + 1) * w, :] = tile
    return out


def assert_grid_matches(got, batch, ncols, what="the grid"):
    want = expected_grid(batch, ncols)
    assert got.shape == want.shape, (
        f"{what}: expected shape (rows*H, ncols*W, C) = {want.shape}, got {got.shape}")
    diff = np.abs(got.astype(np.float64) - want)
    if diff.max() > 1.0:
        y, x, c = np.unravel_index(diff.argmax(), diff.shape)
        h, w = batch.shape[2:]
        raise AssertionError(
            f"{what}: pixel (row {y}, col {x}, channel {c}) is {got[y, x, c]}, expected "
            f"{want[y, x, c]:.1f}; it lies in tile row {y // h}, tile column {x // w}, which "
            f"should show image {(y // h) * ncols + x // w} (image i goes to row i // ncols, "
            f"column i % ncols); {int((diff > 1).sum())} pixels differ")


# ------------------------------------------------------------ image_grid

@given(n=st.integers(1, 20), c=st.sampled_from([1, 3]), h=st.integers(1, 6), w=st.integers(1, 6))
def test_grid_shape_and_dtype_with_default_ncols(kata, n, c, h, w):
    """Catches a default ncols of floor(sqrt(N)), a lost channel axis, and a float grid."""
    grid = as_numpy(kata.image_grid(random_batch(n, c, h, w)))
    ncols = math.ceil(math.sqrt(n))
    want = (math.ceil(n / ncols) * h, ncols * w, c)
    assert grid.shape == want, (
        f"{n} images of {c}x{h}x{w}: default ncols = ceil(sqrt({n})) = {ncols}, rows = "
        f"ceil({n}/{ncols}) = {math.ceil(n / ncols)}, so expected shape {want}, got {grid.shape}")
    assert grid.dtype == np.uint8, f"expected a uint8 grid, got {grid.dtype}"


def test_grid_maps_minus_one_one_to_0_255(kata):
    """Catches the wrong scaling: x * 255 (images taken for [0, 1]), (x + 1) * 255, or no scaling."""
    values = np.array([-1.0, -0.5, 0.0, 0.5, 1.0], dtype=np.float32)
    batch = values.reshape(1, 1, 1, 5)
    got = as_numpy(kata.image_grid(batch, ncols=1))[0, :, 0].astype(int)
    want = np.array([0, 63.75, 127.5, 191.25, 255])
    assert np.all(np.abs(got - want) <= 1), (
        f"pixels {values.tolist()} must become (x + 1) * 127.5 = {want.tolist()}, got {got.tolist()}")


def test_grid_clips_values_outside_minus_one_one(kata):
    """Catches a missing clip: casting 1.5 * 127.5 + 127.5 = 318.75 to uint8 wraps round to 62."""
    values = np.array([-3.0, -1.5, -1.01, 1.01, 1.5, 3.0], dtype=np.float32)
    got = as_numpy(kata.image_grid(values.reshape(1, 1, 1, 6), ncols=1))[0, :, 0].astype(int)
    assert got.tolist() == [0, 0, 0, 255, 255, 255], (
        f"values {values.tolist()} outside [-1, 1] must clip to 0 or 255, got {got.tolist()}")


@settings(max_examples=15)
@given(n=st.integers(1, 12), ncols=st.integers(1, 6), c=st.sampled_from([1, 3]),
       h=st.integers(1, 5), w=st.integers(1, 5), seed=st.integers(0, 100))
def test_grid_places_image_i_at_row_i_div_ncols(kata, n, ncols, c, h, w, seed):
    """Catches rows and columns swapped (column-major tiling), tiles transposed
    (H and W mixed up) and images that land in the wrong tile."""
    batch = random_batch(n, c, h, w, seed=seed)
    assert_grid_matches(as_numpy(kata.image_grid(batch, ncols=ncols)), batch, ncols)


def test_grid_non_square_images_and_grid(kata):
    """Catches a tutorial bug: tile positions computed from the height where the width belongs."""
    batch = random_batch(7, 3, 2, 5, seed=3)
    assert_grid_matches(as_numpy(kata.image_grid(batch, ncols=3)), batch, 3)


def test_grid_leaves_missing_tiles_black(kata):
    """Catches leftover tiles filled with garbage or with a copy of another image."""
    batch = np.ones((5, 1, 2, 2), dtype=np.float32)           # five white images
    grid = as_numpy(kata.image_grid(batch, ncols=3))          # 2 rows x 3 columns, one empty
    assert grid.shape == (4, 6, 1)
    assert (grid[2:, 4:] == 0).all(), f"the empty 6th tile must be black (0), got {grid[2:, 4:, 0].tolist()}"
    assert (grid[:, :4] == 255).all() and (grid[:2] == 255).all(), "the five white images must stay white"


def test_grid_accepts_ndarray(kata):
    """Catches a grid that only works on numpy arrays (generators return NDArrays)."""
    batch = random_batch(6, 3, 4, 4, seed=1)
    assert_grid_matches(as_numpy(kata.image_grid(mx.nd.array(batch), ncols=2)), batch, 2)


@pytest.mark.parametrize("shape", [(4, 4), (2, 4, 4), (2, 2, 4, 4), (0, 1, 4, 4)])
def test_grid_rejects_bad_batches(kata, shape):
    """Catches batches without the (N, C, H, W) layout, or 2-channel images, silently tiled."""
    with pytest.raises(ValueError):
        kata.image_grid(np.zeros(shape, np.float32))


# ------------------------------------------------------------ save_grid

@pytest.mark.parametrize("c", [1, 3])
def test_save_grid_writes_the_grid_as_png(kata, tmp_path, c):
    """Catches a PNG that is not the grid (rescaled, mis-tiled, a colour map on grey images)."""
    batch = random_batch(5, c, 3, 4, seed=c)
    path = tmp_path / "grid.png"
    kata.save_grid(path, batch, ncols=2)
    assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "save_grid must write a PNG file"
    pixels = matplotlib.image.imread(str(path))[:, :, :3] * 255   # floats in [0, 1], RGB(A)
    want = expected_grid(batch, 2)
    assert pixels.shape[:2] == want.shape[:2], f"expected a {want.shape[:2]} picture, got {pixels.shape[:2]}"
    diff = np.abs(pixels - (np.repeat(want, 3, axis=2) if c == 1 else want)).max()
    assert diff <= 1.0 + 1e-3, f"the PNG's pixels differ from the grid's by up to {diff:.0f} grey levels"


# ------------------------------------------------------------ side_by_side

def test_side_by_side_puts_generated_left_and_real_right(kata, tmp_path):
    """Catches a picture that shows only one batch, or the two the wrong way round."""
    fake = np.ones((4, 1, 8, 8), np.float32)       # white
    real = -np.ones((9, 1, 8, 8), np.float32)      # black
    path = tmp_path / "side.png"
    kata.side_by_side(fake, real, path)
    assert path.is_file(), "side_by_side must write the picture to `path`"
    picture = matplotlib.image.imread(str(path))[:, :, :3].mean(axis=2)
    half = picture.shape[1] // 2
    left, right = ((part < 0.2).mean() for part in (picture[:, :half], picture[:, half:]))
    assert left < 0.1 and right > 0.3, (
        f"the generated (white) images belong on the left and the real (black) ones on the "
        f"right: {left:.0%} of the left half and {right:.0%} of the right half are dark")


def test_side_by_side_titles_the_two_panels(kata, tmp_path):
    """Catches panels without titles (which side is real?)."""
    fig = kata.side_by_side(np.zeros((4, 3, 8, 8)), np.zeros((4, 3, 8, 8)), tmp_path / "s.png")
    titles = [ax.get_title().lower() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 2 and any(t in titles[0] for t in ("generated", "fake")) and "real" in titles[1], (
        f"expected the left panel titled 'generated' (or 'fake') and the right one 'real', got {titles}")
