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
