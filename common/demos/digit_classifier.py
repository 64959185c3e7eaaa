"""Digit-quality score: a small LeNet-style MNIST classifier that judges
generated digits.

- ``conditional_accuracy(net, images, digits)``: the share of a conditional
  generator's samples that the classifier reads as the digit that was asked for;
- ``inception_score(probs)``: exp(E_x KL(p(y|x) || p(y))) for an unconditional
  generator: 10 when every sample is a confident digit and all ten digits
  are equally common, 1 when the samples say nothing (or are all one digit).

The weights ship in ``common/data/lenet_mnist.params``; the project trains
them itself::

    python -m common.demos.digit_classifier train [--data-dir /work/shared/data/mnist]
    python -m common.demos.digit_classifier eval

With a full MNIST in ``--data-dir`` it trains on the 60,000 training images
and reports accuracy on the shipped 10,000 test images; without one it
trains on the shipped split's first 8,000 images and reports on the last
2,000. Images enter the classifier as float (N, 1, 28, 28) in [-1, 1], the
range a tanh generator produces.
"""
import argparse
import sys
import time
from pathlib import Path

import common  # noqa: F401  (threads and warnings before mxnet)
import numpy as np

from common.datasets import DATA

PARAMS = DATA / "lenet_mnist.params"
SHIPPED_TRAIN = slice(0, 8000)      # trained on when no full MNIST is given
SHIPPED_HELD_OUT = slice(8000, 10000)  # never trained on, whatever the data


def build_classifier():
    """LeNet-style: two 5x5 conv + max-pool stages, then two dense layers."""
    from mxnet.gluon import nn
    net = nn.HybridSequential()
    net.add(nn.Conv2D(16, kernel_size=5, activation="relu"), nn.MaxPool2D(2),   # 24 -> 12
            nn.Conv2D(32, kernel_size=5, activation="relu"), nn.MaxPool2D(2),   # 8 -> 4
            nn.Flatten(), nn.Dense(128, activation="relu"), nn.Dense(10))
    return net


def to_input(images):
    """uint8 (N, 28, 28) or float (N, 1, 28, 28) in [-1, 1] -> float32 (N, 1, 28, 28)."""
    images = np.asarray(images)
    if images.dtype == np.uint8:
        images = images.astype(np.float32)[:, None] / 127.5 - 1.0
    images = images.astype(np.float32, copy=False)
    if images.ndim != 4 or images.shape[1:] != (1, 28, 28):
        raise ValueError(f"expected images of shape (N, 1, 28, 28), got {images.shape}")
    return images


def load_classifier(path=PARAMS, ctx=None):
    """The shipped (or another saved) classifier, ready for inference."""
    import mxnet as mx
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no classifier weights; run "
                                f"`python -m common.demos.digit_classifier train`")
    net = build_classifier()
    net.load_parameters(str(path), ctx=ctx or mx.cpu())
    net.hybridize(static_alloc=True, static_shape=True)
    return net


def predict_proba(net, images, batch_size=500):
    """Class probabilities (N, 10) of ``images`` (see :func:`to_input`)."""
    import mxnet as mx
    images = to_input(images)
    ctx = next(iter(net.collect_params().values())).list_ctx()[0]
    out = []
    for start in range(0, len(images), batch_size):
        logits = net(mx.nd.array(images[start:start + batch_size], ctx=ctx))
        out.append(mx.nd.softmax(logits).asnumpy())
    return np.concatenate(out) if out else np.zeros((0, 10), np.float32)


def accuracy(net, images, labels):
    """Share of ``images`` classified as their ``labels``."""
    return float(np.mean(predict_proba(net, images).argmax(axis=1) == np.asarray(labels)))


def conditional_accuracy(net, images, digits):
    """Share of generated ``images`` read as the ``digits`` they were asked for."""
    return accuracy(net, images, digits)


def inception_score(probs, eps=1e-12):
    """exp(mean over samples of KL(p(y|x) || p(y))) with p(y) the mean of the
    rows of ``probs`` (N, classes). Between 1 and the number of classes."""
    probs = np.asarray(probs, dtype=np.float64)
    marginal = probs.mean(axis=0, keepdims=True)
    kl = (probs * (np.log(probs + eps) - np.log(marginal + eps))).sum(axis=1)
    return float(np.exp(kl.mean()))


def held_out():
    """The shipped images no classifier of ours trained on (images, labels)."""
    from common.datasets import SHIPPED_DIR, read_idx_pair
    images, labels = read_idx_pair(SHIPPED_DIR, "test")
    return images[SHIPPED_HELD_OUT], labels[SHIPPED_HELD_OUT]


def training_data(data_dir=None):
    """(train images, train labels, test images, test labels, description)."""
    from common.datasets import SHIPPED_DIR, load_mnist, read_idx_pair
    shipped_x, shipped_y = read_idx_pair(SHIPPED_DIR, "test")
    if data_dir is None:
        return (shipped_x[SHIPPED_TRAIN], shipped_y[SHIPPED_TRAIN], *held_out(),
                "shipped split: train on images 0-7999, test on 8000-9999")
    train_x, train_y = load_mnist(data_dir=data_dir, split="train")
    return (train_x, train_y, shipped_x, shipped_y,
            f"{data_dir}: train on {len(train_x):,} images, test on the shipped 10,000")


def train(data_dir=None, epochs=2, batch_size=128, lr=1e-3, out=PARAMS, seed=0, ctx=None):
    """Train the classifier, save it to ``out`` and return its test accuracy."""
    import mxnet as mx
    from mxnet import autograd, gluon
    from common.env import seed_everything
    from tqdm import tqdm

    seed_everything(seed)
    ctx = ctx or mx.cpu()
    train_x, train_y, test_x, test_y, what = training_data(data_dir)
    print(f"[digit_classifier] {what}")
    net = build_classifier()
    net.initialize(mx.init.Xavier(), ctx=ctx)
    net.hybridize(static_alloc=True, static_shape=True)
    trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": lr})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rng = np.random.RandomState(seed)
    x_all = to_input(train_x)
    steps = len(x_all) // batch_size
    for epoch in range(epochs):
        order = rng.permutation(len(x_all))
        if epochs > 1 and epoch == epochs - 1:
            trainer.set_learning_rate(lr / 10)  # a calmer last epoch
        bar = tqdm(range(steps), desc=f"epoch {epoch + 1}/{epochs}", leave=False)
        for step in bar:
            index = order[step * batch_size:(step + 1) * batch_size]
            x = mx.nd.array(x_all[index], ctx=ctx)
            y = mx.nd.array(train_y[index], ctx=ctx)
            with autograd.record():
                loss = loss_fn(net(x), y)
            loss.backward()
            trainer.step(batch_size)
            if step % 50 == 0:
                bar.set_postfix(loss=f"{loss.mean().asscalar():.3f}")
        acc = accuracy(net, test_x, test_y)
        print(f"[digit_classifier] epoch {epoch + 1}: test accuracy {acc:.4f}")
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        net.save_parameters(str(out))  # after every epoch: an interrupted run still leaves weights
    print(f"[digit_classifier] saved {out} ({Path(out).stat().st_size:,} bytes)")
    return acc


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m common.demos.digit_classifier", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train and save the classifier")
    t.add_argument("--data-dir", default=None, help="a folder with the full MNIST IDX files")
    t.add_argument("--epochs", type=int, default=2)
    t.add_argument("--out", default=str(PARAMS))
    e = sub.add_parser("eval", help="accuracy of a saved classifier on the held-out shipped images")
    e.add_argument("--params", default=str(PARAMS))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.command == "train":
        train(args.data_dir, epochs=args.epochs, out=args.out)
    else:
        x, y = held_out()
        acc = accuracy(load_classifier(args.params), x, y)
        print(f"[digit_classifier] accuracy on shipped images 8000-9999: {acc:.4f}")
    print(f"[digit_classifier] {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
