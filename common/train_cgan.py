"""Train a conditional GAN (the cgan kata) on MNIST and judge what it draws.

    python -m common.train_cgan [--impl solutions] [--fast] [--out runs/cgan]

Writes, under ``--out``:

- ``digits.png``: a 10x10 grid, row k holding ten samples of digit k;
- ``losses.png``: D's and G's losses over the iterations;
- ``generator.params``: G's weights and BatchNorm statistics (``mx.nd.save``);
- ``scores.json``: the digit classifier's verdict (common/digit_classifier.py):
  the conditional accuracy (share of samples read as the digit asked for),
  the inception score of those samples, the wall time and the settings.

``--fast`` trains on the 10,000 shipped images with a small network, the
demo setting; without it the full MNIST is read (``--data-dir`` or where
``common.mnist`` finds it) and the networks are wider. ``--impl`` picks the
implementation like the tests do: ``katas``, ``solutions`` or a folder.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import common  # noqa: F401  (threads and warnings before mxnet)
import numpy as np

from common import digit_classifier, loader

FAST = dict(steps=1000, batch_size=64, nz=64, ngf=32, ndf=32)
FULL = dict(steps=6000, batch_size=64, nz=100, ngf=64, ndf=64)
SAMPLES_PER_DIGIT = 100


def load_images(fast, data_dir):
    from common.mnist import SHIPPED_DIR, load_mnist, read_idx_pair
    if fast:
        return read_idx_pair(SHIPPED_DIR, "test")
    return load_mnist(data_dir=data_dir, split="train")


def score(cgan, gan, classifier, per_digit=SAMPLES_PER_DIGIT):
    """Conditional accuracy and inception score of ``per_digit`` samples of each digit."""
    images = np.concatenate([cgan.generate_digits(k, per_digit, gan) for k in range(10)])
    digits = np.repeat(np.arange(10), per_digit)
    probs = digit_classifier.predict_proba(classifier, images)
    return {"conditional_accuracy": float(np.mean(probs.argmax(axis=1) == digits)),
            "inception_score": digit_classifier.inception_score(probs),
            "per_digit_accuracy": [float(np.mean(probs[digits == k].argmax(axis=1) == k))
                                   for k in range(10)]}


def save_digit_grid(cgan, gan, path, seed=0):
    """Row k of a 10x10 grid: ten samples of digit k (the same ten noises in every row)."""
    import mxnet as mx
    noise = mx.nd.random.normal(0, 1, shape=(10, gan.nz, 1, 1), ctx=gan.ctx)
    grid = np.concatenate([cgan.generate_digits(k, 10, gan, noise=noise) for k in range(10)])
    try:
        loader.load("solutions", "visualize").save_grid(str(path), grid, ncols=10)
    except (ImportError, AttributeError, loader.ImplNotFound):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        tiles = grid[:, 0].reshape(10, 10, 28, 28).transpose(0, 2, 1, 3).reshape(280, 280)
        plt.imsave(str(path), (tiles + 1) / 2, cmap="gray", vmin=0, vmax=1)


def save_losses(history, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4))
    for key in ("loss_D", "loss_G"):
        values = np.array([h[key] for h in history])
        smooth = np.convolve(values, np.ones(25) / 25, mode="valid") if len(values) > 50 else values
        ax.plot(values, alpha=0.25)
        ax.plot(np.arange(len(smooth)) + (len(values) - len(smooth)), smooth, label=key,
                color=ax.lines[-1].get_color())
    ax.set_xlabel("iteration")
    ax.set_ylabel("binary cross-entropy")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m common.train_cgan", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--impl", default="solutions", help="katas, solutions or a submission folder")
    parser.add_argument("--fast", action="store_true", help="shipped data, small networks")
    parser.add_argument("--out", default="runs/cgan")
    parser.add_argument("--data-dir", default=None, help="full MNIST folder (without --fast)")
    for key in FAST:
        parser.add_argument("--" + key.replace("_", "-"), type=int, default=None)
    parser.add_argument("--lr", type=float, default=None,
                        help="Adam learning rate (default 5e-4 with --fast, 2e-4 otherwise)")
    parser.add_argument("--eval-every", type=int, default=0, help="score every N steps (0: at the end)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import mxnet as mx
    from tqdm import tqdm
    from common.env import default_context, seed_everything

    settings = dict(FAST if args.fast else FULL)
    settings.update({k: getattr(args, k) for k in FAST if getattr(args, k) is not None})
    if args.lr is None:
        args.lr = 5e-4 if args.fast else 2e-4  # 5e-4 measured best for 1000 fast steps
    seed_everything(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cgan = loader.load(args.impl, "cgan")
    iterators = loader.load("solutions", "iterators")

    images, labels = load_images(args.fast, args.data_dir)
    batches = iterators.ConditionalIter(images, labels.astype(np.int64), settings["batch_size"],
                                        size=28, channels=1, seed=args.seed)
    ctx = default_context()
    gan = cgan.make_executors(settings["batch_size"], nz=settings["nz"], ngf=settings["ngf"],
                              ndf=settings["ndf"], ctx=ctx, lr=args.lr)
    print(f"[train_cgan] {args.impl}: {len(images):,} images, {settings}, lr {args.lr}, on {ctx}")
    history, checkpoints = [], []
    start = time.perf_counter()
    bar = tqdm(range(settings["steps"]), desc="cgan")
    for step in bar:
        try:
            batch = batches.next()
        except StopIteration:
            batches.reset()
            batch = batches.next()
        losses = cgan.train_step(gan, batch.data[0], batch.data[1])
        history.append({k: float(v) for k, v in losses.items()})
        if step % 10 == 0:
            bar.set_postfix(D=f"{history[-1]['loss_D']:.3f}", G=f"{history[-1]['loss_G']:.3f}")
        if args.eval_every and (step + 1) % args.eval_every == 0:
            s = score(cgan, gan, digit_classifier.load_classifier(), per_digit=30)
            checkpoints.append({"step": step + 1, **s})
            tqdm.write(f"[train_cgan] step {step + 1}: conditional accuracy "
                       f"{s['conditional_accuracy']:.3f}, inception score {s['inception_score']:.2f}")
    mx.nd.waitall()
    seconds = time.perf_counter() - start

    classifier = digit_classifier.load_classifier()
    scores = score(cgan, gan, classifier)
    save_digit_grid(cgan, gan, out / "digits.png")
    mx.nd.save(str(out / "generator.params"),
               {**{f"arg:{n}": gan.G.arg_dict[n] for n in gan.G_params},
                **{f"aux:{n}": a for n, a in gan.G.aux_dict.items()}})
    save_losses(history, out / "losses.png")
    x, y = digit_classifier.held_out()
    report = {"impl": args.impl, "fast": args.fast, "settings": settings, "lr": args.lr,
              "train_seconds": round(seconds, 1), "context": str(ctx), **scores,
              "classifier_accuracy_held_out": digit_classifier.accuracy(classifier, x, y),
              "checkpoints": checkpoints}
    (out / "scores.json").write_text(json.dumps(report, indent=2))
    print(f"[train_cgan] {settings['steps']} steps in {seconds:.0f} s; conditional accuracy "
          f"{scores['conditional_accuracy']:.3f}, inception score {scores['inception_score']:.2f}; "
          f"wrote {out}/digits.png, losses.png, scores.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
