"""The data the katas and demos train on: MNIST and the Nietzsche text.

MNIST: the original IDX files (gzipped or not), a Kaggle digit-recognizer
``train.csv``, or the test split shipped with the project.

``load_mnist(data_dir=None, split="train")`` looks, in order, in:

1. ``data_dir`` when given (a folder of IDX files, or a Kaggle ``train.csv``);
2. ``$MXNET_HOME/datasets/mnist``, else ``~/.mxnet/datasets/mnist`` (where
   ``make data`` and Gluon's MNIST download put the full set);
3. a Kaggle ``train.csv`` in ``$MNIST_CSV`` or the current folder's ``data/``;
4. the 10,000-image test split shipped in ``common/data/mnist`` (it says so once).

Bad files raise :class:`MnistFormatError` naming the file and what is wrong.
``python -m common.datasets download`` fetches the full MNIST (``make data``).

Nietzsche: ``load_nietzsche()``, the character-RNN text of the Keras and
MXNet examples, shipped gzipped in ``common/data/text``.
"""
import gzip
import io
import math
import os
import struct
import sys
import zlib
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
SHIPPED_DIR = DATA / "mnist"
NIETZSCHE = DATA / "text" / "nietzsche.txt.gz"
IMAGES_MAGIC, LABELS_MAGIC = 0x00000803, 0x00000801
FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
SPLITS = ("train", "test", "all")
_warned = set()


class MnistFormatError(ValueError):
    """A data file is missing, truncated or not what it claims to be."""


def read_bytes(path):
    """The bytes of a data file, un-gzipped when it is gzipped (by its first
    two bytes, whatever its name); MnistFormatError naming the file otherwise."""
    path = Path(path)
    if not path.is_file():
        raise MnistFormatError(f"{path}: file not found")
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise MnistFormatError(f"{path}: cannot be read (permission denied)") from None
    except OSError as err:
        raise MnistFormatError(f"{path}: cannot be read ({err.strerror or err})") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise MnistFormatError(f"{path}: a corrupt gzip file ({err})") from None
    elif path.suffix == ".gz":
        raise MnistFormatError(f"{path}: named .gz but not gzipped")
    return raw


def read_idx(path):
    """Read one IDX file (``.gz`` or raw) into a uint8 array; images come out
    (N, 28, 28), labels (N,) in 0..9."""
    path = Path(path)
    raw = read_bytes(path)
    if len(raw) < 8:
        raise MnistFormatError(f"{path}: only {len(raw)} bytes, too short for an IDX header")
    magic, count = struct.unpack(">II", raw[:8])
    if magic == IMAGES_MAGIC:
        if len(raw) < 16:
            raise MnistFormatError(f"{path}: truncated image header")
        rows, cols = struct.unpack(">II", raw[8:16])
        shape, offset = (count, rows, cols), 16
    elif magic == LABELS_MAGIC:
        shape, offset = (count,), 8
    else:
        raise MnistFormatError(
            f"{path}: wrong magic number 0x{magic:08x}; expected 0x{IMAGES_MAGIC:08x} "
            f"(images) or 0x{LABELS_MAGIC:08x} (labels): not an MNIST IDX file")
    expected = math.prod(shape)  # Python ints: a forged header cannot overflow
    if len(raw) - offset < expected:
        raise MnistFormatError(
            f"{path}: truncated: the header promises {expected:,} bytes of data, "
            f"the file holds {len(raw) - offset:,}")
    if len(shape) == 3 and shape[1:] != (28, 28):
        raise MnistFormatError(f"{path}: images of {shape[1]}x{shape[2]} pixels; MNIST digits are 28x28")
    array = np.frombuffer(raw, dtype=np.uint8, count=expected, offset=offset).reshape(shape)
    if len(shape) == 1 and array.size and array.max() > 9:
        raise MnistFormatError(f"{path}: a label of {array.max()}; MNIST labels are 0 to 9")
    return array


def _find(folder, name):
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def read_idx_pair(folder, split):
    """Images and labels of one split from a folder of IDX files."""
    folder = Path(folder)
    names = FILES[split]
    paths = [_find(folder, name) for name in names]
    for name, path in zip(names, paths):
        if path is None:
            raise MnistFormatError(f"{folder / name}(.gz): file not found")
    images, labels = read_idx(paths[0]), read_idx(paths[1])
    if images.ndim != 3 or labels.ndim != 1:
        raise MnistFormatError(f"{paths[0]} / {paths[1]}: images and labels swapped?")
    if len(images) != len(labels):
        raise MnistFormatError(f"{paths[0]} has {len(images)} images but {paths[1]} has {len(labels)} labels")
    return images, labels


def read_kaggle_csv(path):
    """Kaggle digit-recognizer ``train.csv``: a header, then label + 784 pixels per row."""
    path = Path(path)
    try:
        text = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise MnistFormatError(f"{path}: not a text file (binary content): expected a CSV") from None
    lines = text.splitlines()
    header = lines[0].strip().split(",") if lines else [""]
    if len(header) != 785 or header[0] != "label":
        raise MnistFormatError(
            f"{path}: wrong CSV columns: expected 'label' then 784 pixel columns, "
            f"got {len(header)} columns starting with {header[0][:20]!r}")
    rows = [line for line in lines[1:] if line.strip()]
    if not rows:
        raise MnistFormatError(f"{path}: no rows after the header")
    try:
        table = np.loadtxt(io.StringIO("\n".join(rows)), delimiter=",", dtype=np.float64, ndmin=2)
    except ValueError:
        table = None
    if table is None or not np.all(np.isfinite(table)) or not np.array_equal(table, np.round(table)):
        raise MnistFormatError(f"{path}: {_first_bad_row(rows)}")  # numpy would truncate 1.5 to 1
    table = table.astype(np.int64)
    if table.shape[1] != 785:
        raise MnistFormatError(f"{path}: rows have {table.shape[1]} columns, expected 785")
    if table.min() < 0 or table[:, 1:].max() > 255 or table[:, 0].max() > 9:
        raise MnistFormatError(f"{path}: values out of range (labels 0-9, pixels 0-255)")
    return table[:, 1:].astype(np.uint8).reshape(-1, 28, 28), table[:, 0].astype(np.uint8)


def _first_bad_row(rows):
    """Where and why a CSV's rows do not parse as 785 integers each."""
    for number, row in enumerate(rows, 2):
        cells = row.split(",")
        if len(cells) != 785:
            return f"line {number} has {len(cells)} cells, expected 785"
        for cell in cells:
            if not cell.strip().lstrip("-").isdigit():
                return f"line {number}: {cell.strip()[:20]!r} is not an integer"
    return "rows that do not parse as integers"


def _read_split(folder, split):
    if split == "all":
        train, test = read_idx_pair(folder, "train"), read_idx_pair(folder, "test")
        return np.concatenate([train[0], test[0]]), np.concatenate([train[1], test[1]])
    return read_idx_pair(folder, split)


def default_dirs():
    """Where ``make data`` (Gluon's MNIST download) stores the full set."""
    home = os.environ.get("MXNET_HOME")
    base = Path(home) if home else Path.home() / ".mxnet"
    return [base / "datasets" / "mnist"]


def _has_split(folder, split):
    needed = ["train", "test"] if split == "all" else [split]
    return all(_find(folder, name) for s in needed for name in FILES[s])


def load_mnist(data_dir=None, split="train"):
    """Images (N, 28, 28) uint8 and labels (N,) uint8 of one split.

    ``split`` is "train", "test" or "all" (train then test). See the module
    docstring for where it looks. A Kaggle CSV has no test split: it is
    returned whole for any split.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    if data_dir is not None:
        data_dir = Path(data_dir)
        if data_dir.suffix == ".csv":
            return read_kaggle_csv(data_dir)
        if not data_dir.is_dir():
            raise MnistFormatError(f"{data_dir}: no such folder")
        if not _has_split(data_dir, split) and (data_dir / "train.csv").is_file():
            return read_kaggle_csv(data_dir / "train.csv")
        return _read_split(data_dir, split)
    for folder in default_dirs():
        if _has_split(folder, split):
            return _read_split(folder, split)
    for csv in (os.environ.get("MNIST_CSV"), "data/train.csv"):
        if csv and Path(csv).is_file():
            return read_kaggle_csv(csv)
    if "shipped" not in _warned:
        _warned.add("shipped")
        print(f"[mnist] no full MNIST found; using the shipped 10,000-image test split "
              f"({SHIPPED_DIR}). Run `make data` to download the full set.", file=sys.stderr)
    return read_idx_pair(SHIPPED_DIR, "test")


def load_nietzsche(path=NIETZSCHE):
    """The whole Nietzsche text as one str (600,893 characters)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read()


def download():
    """Download the full MNIST through Gluon into ~/.mxnet/datasets/mnist."""
    import common  # noqa: F401
    import mxnet as mx
    root = default_dirs()[0]
    for train in (True, False):
        mx.gluon.data.vision.datasets.MNIST(root=str(root), train=train)
    images, labels = load_mnist(split="all")
    print(f"[mnist] {len(images):,} images ready in {root}")


if __name__ == "__main__":
    if sys.argv[1:] != ["download"]:
        sys.exit("usage: python -m common.datasets download")
    download()
