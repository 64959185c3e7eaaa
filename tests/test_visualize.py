"""Tests of the visualize kata: tiling a batch of generated images into one picture.

Each test names, in its docstring, the mistake it is there to catch. The
pixel checks compare with the obvious loop (image i at tile row i // ncols,
tile column i % ncols, pixel value (x + 1) * 127.5 clipped to 0..255) and
allow 1 grey level of rounding (truncating or rounding are both fine).
"""
import math
from pathlib import Path

import matplotlib.figure
import matplotlib.image
import matplotlib.pyplot as plt
import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tests import strategies as S


def grid_of(value, what="image_grid(batch)"):
    """A grid as the contract says: a plain uint8 numpy array."""
    return S.numpy_array(value, what, np.uint8)


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
    grid = grid_of(kata.image_grid(random_batch(n, c, h, w)))
    ncols = math.ceil(math.sqrt(n))
    want = (math.ceil(n / ncols) * h, ncols * w, c)
    assert grid.shape == want, (
        f"{n} images of {c}x{h}x{w}: default ncols = ceil(sqrt({n})) = {ncols}, rows = "
        f"ceil({n}/{ncols}) = {math.ceil(n / ncols)}, so expected shape {want}, got {grid.shape}")


def test_grid_maps_minus_one_one_to_0_255(kata):
    """Catches the wrong scaling: x * 255 (images taken for [0, 1]), (x + 1) * 255, or no scaling."""
    values = np.array([-1.0, -0.5, 0.0, 0.5, 1.0], dtype=np.float32)
    batch = values.reshape(1, 1, 1, 5)
    got = grid_of(kata.image_grid(batch, ncols=1))[0, :, 0].astype(int)
    want = np.array([0, 63.75, 127.5, 191.25, 255])
    assert np.all(np.abs(got - want) <= 1), (
        f"pixels {values.tolist()} must become (x + 1) * 127.5 = {want.tolist()}, got {got.tolist()}")


def test_grid_clips_values_outside_minus_one_one(kata):
    """Catches a missing clip: casting 1.5 * 127.5 + 127.5 = 318.75 to uint8 wraps round to 62."""
    values = np.array([-3.0, -1.5, -1.01, 1.01, 1.5, 3.0], dtype=np.float32)
    got = grid_of(kata.image_grid(values.reshape(1, 1, 1, 6), ncols=1))[0, :, 0].astype(int)
    assert got.tolist() == [0, 0, 0, 255, 255, 255], (
        f"values {values.tolist()} outside [-1, 1] must clip to 0 or 255, got {got.tolist()}")


@settings(max_examples=15)
@given(n=st.integers(1, 12), ncols=st.integers(1, 6), c=st.sampled_from([1, 3]),
       h=st.integers(1, 5), w=st.integers(1, 5), seed=st.integers(0, 100), kind=S.integer_types)
def test_grid_places_image_i_at_row_i_div_ncols(kata, n, ncols, c, h, w, seed, kind):
    """Catches rows and columns swapped (column-major tiling), tiles transposed
    (H and W mixed up), images that land in the wrong tile, and ncols refused as a numpy integer."""
    batch = random_batch(n, c, h, w, seed=seed)
    assert_grid_matches(grid_of(kata.image_grid(batch, ncols=kind(ncols))), batch, ncols)


@pytest.mark.parametrize("dtype", ["float64", "float16"])
def test_grid_accepts_any_float_dtype(kata, dtype):
    """Catches float64 or float16 batches refused or misread."""
    batch = random_batch(5, 3, 3, 2, seed=4).astype(dtype)
    assert_grid_matches(grid_of(kata.image_grid(batch, ncols=2), f"image_grid of a {dtype} batch"),
                        batch.astype(np.float32), 2, f"the grid of a {dtype} batch")


def test_grid_leaves_the_batch_alone(kata):
    """Catches scaling done in place (x += 1; x *= 127.5): the caller's generator output would change."""
    batch = random_batch(4, 1, 3, 3, seed=5)
    before = batch.copy()
    kata.image_grid(batch)
    np.testing.assert_array_equal(batch, before, err_msg="image_grid changed the batch it was given")


def test_grid_non_square_images_and_grid(kata):
    """Catches a tutorial bug: tile positions computed from the height where the width belongs."""
    batch = random_batch(7, 3, 2, 5, seed=3)
    assert_grid_matches(grid_of(kata.image_grid(batch, ncols=3)), batch, 3)


def test_grid_leaves_missing_tiles_black(kata):
    """Catches leftover tiles filled with garbage or with a copy of another image."""
    batch = np.ones((5, 1, 2, 2), dtype=np.float32)           # five white images
    grid = grid_of(kata.image_grid(batch, ncols=3))          # 2 rows x 3 columns, one empty
    assert grid.shape == (4, 6, 1), f"5 images of 1x2x2 with ncols=3: expected (4, 6, 1), got {grid.shape}"
    assert (grid[2:, 4:] == 0).all(), f"the empty 6th tile must be black (0), got {grid[2:, 4:, 0].tolist()}"
    assert (grid[:, :4] == 255).all() and (grid[:2] == 255).all(), "the five white images must stay white"


def test_grid_accepts_ndarray(kata):
    """Catches a grid that only works on numpy arrays (generators return NDArrays), or hands back an NDArray."""
    batch = random_batch(6, 3, 4, 4, seed=1)
    assert_grid_matches(grid_of(kata.image_grid(mx.nd.array(batch), ncols=2), "image_grid(NDArray)"), batch, 2)
    default = grid_of(kata.image_grid(mx.nd.array(batch)), "image_grid(NDArray)")
    assert default.shape == (8, 12, 3), f"6 images of 4x4 with the default ncols = 3: expected (8, 12, 3), got {default.shape}"


@pytest.mark.parametrize("shape", [(4, 4), (2, 4, 4), (2, 2, 4, 4), (2, 4, 4, 4), (0, 1, 4, 4), (1, 1, 1, 4, 4)])
def test_grid_rejects_bad_batches(kata, shape):
    """Catches batches without the (N, C, H, W) layout, or 2- or 4-channel images, silently tiled."""
    S.raises_value_error(lambda: kata.image_grid(np.zeros(shape, np.float32)), f"image_grid of shape {shape}")


@pytest.mark.parametrize("ncols", [0, -1])
def test_grid_rejects_ncols_below_one(kata, ncols):
    """Catches ncols=0 taken for "the default" (ncols or ...) or a negative number of columns."""
    S.raises_value_error(lambda: kata.image_grid(random_batch(4, 1, 2, 2), ncols=ncols), f"image_grid(batch, ncols={ncols})")


# ------------------------------------------------------------ save_grid

def png_pixels(path, what):
    """The picture in a PNG file as (H, W, 3) grey levels 0..255, after checking it
    is a PNG, opaque, and grey (one channel, or three equal) or RGB."""
    data = Path(path).read_bytes() if Path(path).is_file() else b""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{what} must write a PNG file to {path}"
    pixels = np.asarray(matplotlib.image.imread(str(path)), dtype=np.float64) * 255  # floats in [0, 1]
    if pixels.ndim == 2:                       # 8-bit (or 16-bit) greyscale
        pixels = pixels[:, :, None]
    if pixels.shape[2] in (2, 4):              # with alpha: it must be opaque
        alpha = pixels[:, :, -1]
        assert alpha.min() >= 254.5, f"{what}: the PNG must be opaque, its alpha goes down to {alpha.min():.0f}"
        pixels = pixels[:, :, :-1]
    return np.repeat(pixels, 3, axis=2) if pixels.shape[2] == 1 else pixels


@pytest.mark.parametrize("c", [1, 3])
@pytest.mark.parametrize("as_path", [True, False], ids=["Path", "str"])
def test_save_grid_writes_the_grid_as_png(kata, tmp_path, c, as_path):
    """Catches a PNG that is not the grid (rescaled, mis-tiled, a colour map on grey images),
    and a save_grid that does not return the grid. Greyscale and RGB(A) PNGs both count."""
    batch = random_batch(5, c, 3, 4, seed=c)
    path = tmp_path / "grid.png"
    returned = kata.save_grid(path if as_path else str(path), batch, ncols=2)
    pixels = png_pixels(path, f"save_grid({'Path' if as_path else 'str'}, batch of {c}-channel images, ncols=2)")
    want = expected_grid(batch, 2)
    assert pixels.shape[:2] == want.shape[:2], f"expected a {want.shape[:2]} picture (the grid's), got {pixels.shape[:2]}"
    diff = np.abs(pixels - (np.repeat(want, 3, axis=2) if c == 1 else want)).max()
    assert diff <= 1.0 + 1e-3, (
        f"the PNG's pixels differ from the grid's by up to {diff:.0f} grey levels: save the grid's own values "
        "(no colour map, no rescaling)")
    grid = grid_of(returned, "the value save_grid returns")
    np.testing.assert_array_equal(grid, grid_of(kata.image_grid(batch, ncols=2)), err_msg=(
        "save_grid must return the grid it saved: image_grid(batch, ncols)"))


# ------------------------------------------------------------ side_by_side

def title_of(ax):
    return " ".join(ax.get_title(loc) for loc in ("center", "left", "right")).strip()


def panels(fig, what):
    """The "generated" and the "real" axes of a figure, found by their titles."""
    assert isinstance(fig, matplotlib.figure.Figure), (
        f"{what} must return the matplotlib Figure, got {type(fig).__name__}")
    titled = {title_of(ax).lower(): ax for ax in fig.axes if title_of(ax)}
    generated = [ax for t, ax in titled.items() if t in ("generated", "fake")]
    real = [ax for t, ax in titled.items() if t == "real"]
    assert len(generated) == 1 and len(real) == 1, (
        f"{what}: expected one panel titled 'generated' and one titled 'real', got the titles {list(titled)}")
    return generated[0], real[0]


def shown_pixels(ax, what):
    """The colours a panel shows, as (H, W, 3) bytes (whatever colour map or array it was given)."""
    images = ax.get_images()
    assert len(images) == 1, f"{what} must show one image (its grid), got {len(images)}"
    image = images[0]
    rgba = np.asarray(image.to_rgba(image.get_array(), bytes=True))
    return rgba[..., :3].astype(int)


@pytest.mark.parametrize("c", [1, 3])
def test_side_by_side_shows_generated_left_and_real_right(kata, tmp_path, c):
    """Catches a picture with only one batch, the two the wrong way round or under the
    wrong titles, and grey grids shown in a colour map (viridis) or rescaled."""
    fake = random_batch(4, c, 6, 6, seed=1, low=-0.8, high=0.6)   # no black tile: a rescaled grid would stretch
    real = random_batch(9, c, 4, 4, seed=2, low=-1.2, high=0.3)
    path = tmp_path / "side.png"
    fig = kata.side_by_side(fake, real, path)
    png_pixels(path, "side_by_side(fake, real, path)")
    generated, real_ax = panels(fig, "side_by_side(fake, real, path)")
    left, right = generated.get_position(), real_ax.get_position()  # where they were drawn, in figure fractions
    assert left.x1 <= right.x0 + 0.01 and max(left.y0, right.y0) < min(left.y1, right.y1), (
        f"the 'generated' panel must stand left of the 'real' one, side by side: it spans x {left.x0:.2f} to "
        f"{left.x1:.2f} and y {left.y0:.2f} to {left.y1:.2f} of the figure, the 'real' one x {right.x0:.2f} to "
        f"{right.x1:.2f} and y {right.y0:.2f} to {right.y1:.2f}")
    for ax, batch, name in ((generated, fake, "generated"), (real_ax, real, "real")):
        want = np.repeat(expected_grid(batch, math.ceil(math.sqrt(len(batch)))), 3 // c, axis=2)
        got = shown_pixels(ax, f"the {name!r} panel")
        assert got.shape == want.shape, (
            f"the {name!r} panel shows a {got.shape[:2]} picture; image_grid of the {name} batch is {want.shape[:2]}")
        diff = np.abs(got - want).max()  # rounding or truncating, then the colour map's own rounding
        assert diff <= 2.5, (
            f"the {name!r} panel shows colours up to {diff:.0f} levels away from its grid's grey levels: show "
            "the grid as it is (a grey grid with cmap='gray', vmin=0, vmax=255)")


def test_side_by_side_leaves_no_pyplot_figure_open(kata, tmp_path):
    """Catches plt.figure() never closed: one more figure in memory at every call."""
    before = plt.get_fignums()
    for k in range(2):
        kata.side_by_side(random_batch(4, 3, 4, 4), random_batch(4, 3, 4, 4), tmp_path / f"s{k}.png")
    after = plt.get_fignums()
    assert after == before, (
        f"pyplot figures open before side_by_side: {before}, after two calls: {after}: use "
        "matplotlib.figure.Figure, or plt.close(fig) once it is saved")
