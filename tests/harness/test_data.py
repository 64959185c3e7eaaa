"""The data loaders: shipped files, the search order and clear errors."""
import gzip
import struct

import numpy as np
import pytest

from common import datasets


def write_idx(path, array, magic=None):
    array = np.asarray(array, dtype=np.uint8)
    magic = magic if magic is not None else (datasets.IMAGES_MAGIC if array.ndim == 3 else datasets.LABELS_MAGIC)
    header = struct.pack(">II", magic, array.shape[0]) + b"".join(struct.pack(">I", d) for d in array.shape[1:])
    with gzip.open(path, "wb") as f:
        f.write(header + array.tobytes())


def write_split(folder, split, n, value):
    images, labels = datasets.FILES[split]
    write_idx(folder / f"{images}.gz", np.full((n, 28, 28), value))
    write_idx(folder / f"{labels}.gz", np.arange(n) % 10)


def test_shipped_test_split_is_the_original():
    images, labels = datasets.read_idx_pair(datasets.SHIPPED_DIR, "test")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and set(np.unique(labels)) == set(range(10))
    assert list(labels[:5]) == [7, 2, 1, 0, 4]  # the well-known first test digits


def test_fallback_to_the_shipped_split_says_so_once(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("MXNET_HOME", str(tmp_path))
    monkeypatch.delenv("MNIST_CSV", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(datasets, "_warned", set())
    images, _ = datasets.load_mnist(split="train")
    datasets.load_mnist(split="train")
    assert len(images) == 10000
    assert capsys.readouterr().err.count("shipped") == 1


def test_mxnet_home_comes_before_the_shipped_split(monkeypatch, tmp_path):
    folder = tmp_path / "datasets" / "mnist"
    folder.mkdir(parents=True)
    write_split(folder, "train", 5, 9)
    monkeypatch.setenv("MXNET_HOME", str(tmp_path))
    images, labels = datasets.load_mnist(split="train")
    assert images.shape == (5, 28, 28) and (images == 9).all()


def test_explicit_folder_comes_first_and_all_concatenates(monkeypatch, tmp_path):
    write_split(tmp_path, "train", 3, 1)
    write_split(tmp_path, "test", 2, 2)
    monkeypatch.setenv("MXNET_HOME", str(tmp_path / "elsewhere"))
    images, labels = datasets.load_mnist(tmp_path, split="all")
    assert list(images[:, 0, 0]) == [1, 1, 1, 2, 2]


def test_kaggle_csv(tmp_path):
    rows = ["label," + ",".join(f"pixel{i}" for i in range(784))]
    rows += [f"{d}," + ",".join([str(d * 20)] * 784) for d in (3, 7)]
    path = tmp_path / "train.csv"
    path.write_text("\n".join(rows) + "\n")
    images, labels = datasets.load_mnist(path)
    assert list(labels) == [3, 7] and images.shape == (2, 28, 28) and images[1, 5, 5] == 140
    images, labels = datasets.load_mnist(tmp_path)  # a folder holding train.csv
    assert list(labels) == [3, 7]


def test_csv_with_wrong_columns_is_named(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text("id,pixel0\n1,2\n")
    with pytest.raises(datasets.MnistFormatError, match=r"train\.csv: wrong CSV columns"):
        datasets.load_mnist(path)


@pytest.mark.parametrize("damage, message", [
    ("missing", "file not found"),
    ("magic", "wrong magic number 0x00000999"),
    ("truncated", "truncated"),
    ("short", "too short"),
])
def test_bad_idx_files_get_clear_errors(tmp_path, damage, message):
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    if damage == "magic":
        write_idx(path, np.zeros((2, 28, 28)), magic=0x999)
    elif damage == "truncated":
        write_idx(path, np.zeros((2, 28, 28)))
        raw = gzip.open(path).read()
        with gzip.open(path, "wb") as f:
            f.write(raw[:-100])
    elif damage == "short":
        with gzip.open(path, "wb") as f:
            f.write(b"\x00\x00")
    with pytest.raises(datasets.MnistFormatError) as err:
        datasets.read_idx(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_unknown_split_is_rejected():
    with pytest.raises(ValueError, match="split"):
        datasets.load_mnist(split="validation")


def test_nietzsche_is_shipped_whole():
    corpus = datasets.load_nietzsche()
    assert len(corpus) == 600893
    assert corpus.startswith("PREFACE\n\n\nSUPPOSING that Truth is a woman")


# ------------------------------------------- damaged files: a clear error each

def kaggle_rows(n=2, cell="7"):
    return ["label," + ",".join(f"pixel{i}" for i in range(784))] + [
        f"{d}," + ",".join([cell] * 784) for d in range(n)]


@pytest.mark.parametrize("damage, message", [
    ("corrupt_deflate", "corrupt gzip file"),
    ("overflowing_header", "truncated: the header promises 79,228,162,458,924,105,385,300,197,375"),
    ("not_28x28", "images of 32x32 pixels; MNIST digits are 28x28"),
    ("labels_out_of_range", "a label of 12; MNIST labels are 0 to 9"),
    ("named_gz_not_gzipped", "named .gz but not gzipped"),
    ("unreadable", "cannot be read (permission denied)"),
])
def test_damaged_idx_files_are_named_with_what_is_wrong(tmp_path, monkeypatch, damage, message):
    """Each damage gets a MnistFormatError naming the file (never a raw zlib,
    numpy reshape or PermissionError, and never silently accepted)."""
    path = tmp_path / ("train-labels-idx1-ubyte.gz" if damage == "labels_out_of_range"
                       else "train-images-idx3-ubyte.gz")
    if damage == "corrupt_deflate":
        write_idx(path, np.zeros((2, 28, 28)))
        raw = bytearray(path.read_bytes())
        raw[20:40] = b"\xff" * 20
        path.write_bytes(bytes(raw))
    elif damage == "overflowing_header":
        with gzip.open(path, "wb") as f:
            f.write(struct.pack(">IIII", datasets.IMAGES_MAGIC, 2**32 - 1, 2**32 - 1, 2**32 - 1) + b"\0" * 64)
    elif damage == "not_28x28":
        write_idx(path, np.zeros((2, 32, 32)))
    elif damage == "labels_out_of_range":
        write_idx(path, np.array([1, 12, 3]))
    elif damage == "named_gz_not_gzipped":
        path.write_bytes(struct.pack(">II", datasets.LABELS_MAGIC, 1) + b"\x01")
    elif damage == "unreadable":
        write_idx(path, np.zeros((2, 28, 28)))
        real_read = type(path).read_bytes

        def denied(self):  # chmod 0 does not stop root, who runs CI
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_read(self)
        monkeypatch.setattr(type(path), "read_bytes", denied)
    with pytest.raises(datasets.MnistFormatError) as err:
        datasets.read_idx(path)
    assert str(path) in str(err.value) and message in str(err.value), str(err.value)


@pytest.mark.parametrize("damage, message", [
    ("gzipped", "wrong CSV columns"),  # a gzipped CSV is read through; here its header is wrong
    ("binary", "not a text file (binary content)"),
    ("non_integer", "line 3: '1.5' is not an integer"),
    ("ragged", "line 2 has 10 cells, expected 785"),
    ("pixel_out_of_range", "values out of range"),
    ("empty", "no rows after the header"),
])
def test_damaged_csv_files_are_named_with_what_is_wrong(tmp_path, damage, message):
    path = tmp_path / "train.csv"
    rows = kaggle_rows()
    if damage == "gzipped":
        path.write_bytes(gzip.compress(b"id,pixel\n1,2\n"))
    elif damage == "binary":
        path.write_bytes(b"\xff\xfe\x00\x81" * 100)
    elif damage == "non_integer":
        rows[2] = "1," + ",".join(["1.5"] + ["7"] * 783)
        path.write_text("\n".join(rows))
    elif damage == "ragged":
        rows[1] = ",".join(["1"] * 10)
        path.write_text("\n".join(rows))
    elif damage == "pixel_out_of_range":
        path.write_text("\n".join(kaggle_rows(cell="300")))
    elif damage == "empty":
        path.write_text(rows[0] + "\n")
    with pytest.raises(datasets.MnistFormatError) as err:
        datasets.load_mnist(path)
    assert str(path) in str(err.value) and message in str(err.value), str(err.value)


def test_a_gzipped_csv_is_read_through(tmp_path):
    path = tmp_path / "train.csv"
    path.write_bytes(gzip.compress("\n".join(kaggle_rows(3)).encode()))
    images, labels = datasets.load_mnist(path)
    assert list(labels) == [0, 1, 2] and (images == 7).all()
