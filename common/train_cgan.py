"""Train a conditional GAN (the cgan kata) on MNIST and judge what it draws.

    python -m common.train_cgan [--impl solutions] [--fast] [--out runs/cgan]

Writes, under ``--out``:

- ``digits.png``: a 10x10 grid, row k holding ten samples of digit k;
- ``losses.png``: D's and G's losses over the iterations;
- ``generator.params``: G's weights and BatchNorm statistics (``mx.nd.save``);
- ``scores.json``: the digit classifier's verdict (common/digit_classifier.py):
  the conditional accuracy (share of samples read as the digit asked for),
  the inception score of those samples, the wall time and the settings.

Every ``--eval-every`` steps (and at the end) G and a moving average of its
weights (``--ema``) are scored on one fixed noise batch; the best of these
checkpoints is the G that is kept, drawn, saved and scored on fresh noise.

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

FAST = dict(steps=2000, batch_size=32, nz=64, ngf=32, ndf=32)
FULL = dict(steps=6000, batch_size=64, nz=100, ngf=64, ndf=64)
FAST_OPT = dict(lr=5e-4, beta1=0.5, ema=0.995, eval_every=100)  # 0.95 in ~5 min on 2 cores
FULL_OPT = dict(lr=2e-4, beta1=0.5, ema=0.999, eval_every=500)
SAMPLES_PER_DIGIT = 100  # final score, fresh noise
EVAL_PER_DIGIT = 50      # checkpoint choice, one fixed noise batch


def load_images(fast, data_dir):
    from common.mnist import SHIPPED_DIR, load_mnist, read_idx_pair
    if fast:
        return read_idx_pair(SHIPPED_DIR, "test")
    return load_mnist(data_dir=data_dir, split="train")


def score(cgan, gan, classifier, per_digit=SAMPLES_PER_DIGIT, noise=None):
    """Conditional accuracy and inception score of ``per_digit`` samples of each
    digit (drawn from ``noise`` (per_digit, nz, 1, 1) for every digit when given)."""
    images = np.concatenate([cgan.generate_digits(k, per_digit, gan, noise=noise)
                             for k in range(10)])
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


def snapshot(gan):
    """Copies of G's trained weights and BatchNorm statistics."""
    return ({n: gan.G.arg_dict[n].copy() for n in gan.G_params},
            {n: a.copy() for n, a in gan.G.aux_dict.items()})


def restore(gan, weights):
    """Write ``weights`` (from :func:`snapshot`) back into G, in place."""
    args, aux = weights
    for n, a in args.items():
        a.copyto(gan.G.arg_dict[n])
    for n, a in aux.items():
        a.copyto(gan.G.aux_dict[n])


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
                        help=f"Adam learning rate (default {FAST_OPT['lr']} with --fast, "
                             f"{FULL_OPT['lr']} otherwise)")
    parser.add_argument("--beta1", type=float, default=None, help="Adam beta1 (default 0.5)")
    parser.add_argument("--ema", type=float, default=None,
                        help=f"decay of an exponential moving average of G's weights, a second "
                             f"candidate at each evaluation (default {FAST_OPT['ema']} with --fast, "
                             f"{FULL_OPT['ema']} otherwise; 0: none)")
    parser.add_argument("--eval-every", type=int, default=None,
                        help=f"score every N steps on a fixed noise batch and keep the best G "
                             f"(default {FAST_OPT['eval_every']} with --fast, "
                             f"{FULL_OPT['eval_every']} otherwise; 0: only the last)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import mxnet as mx
    from tqdm import tqdm
    from common.env import default_context, seed_everything

    settings = dict(FAST if args.fast else FULL)
    settings.update({k: getattr(args, k) for k in FAST if getattr(args, k) is not None})
    for key, value in (FAST_OPT if args.fast else FULL_OPT).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
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
                              ndf=settings["ndf"], ctx=ctx, lr=args.lr, beta1=args.beta1)
    print(f"[train_cgan] {args.impl}: {len(images):,} images, {settings}, lr {args.lr}, "
          f"beta1 {args.beta1}, G average {args.ema}, on {ctx}")
    classifier = digit_classifier.load_classifier()
    # One fixed noise batch (the same for every digit) to compare checkpoints on.
    eval_noise = mx.nd.array(np.random.RandomState(args.seed + 1).normal(
        size=(EVAL_PER_DIGIT, settings["nz"], 1, 1)).astype(np.float32), ctx=ctx)
    ema = {n: gan.G.arg_dict[n].copy() for n in gan.G_params} if args.ema else None
    best = {"conditional_accuracy": -1.0}
    history, checkpoints = [], []

    def evaluate(step):
        """Score G (and its moving average) on the fixed noise; keep the best."""
        nonlocal best
        current = snapshot(gan)
        candidates = [("G", current)]
        if ema is not None:
            candidates.append(("G average", ({n: a.copy() for n, a in ema.items()}, current[1])))
        for name, weights in candidates:
            restore(gan, weights)
            s = score(cgan, gan, classifier, per_digit=EVAL_PER_DIGIT, noise=eval_noise)
            checkpoints.append({"step": step, "weights": name, **s})
            tqdm.write(f"[train_cgan] step {step} {name}: conditional accuracy "
                       f"{s['conditional_accuracy']:.3f}, inception score {s['inception_score']:.2f}")
            if s["conditional_accuracy"] > best["conditional_accuracy"]:
                best = {"step": step, "weights": name, **s, "params": snapshot(gan)}
        restore(gan, current)

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
        if ema is not None:
            for n, a in ema.items():
                a[:] = args.ema * a + (1 - args.ema) * gan.G.arg_dict[n]
        if step % 10 == 0:
            bar.set_postfix(D=f"{history[-1]['loss_D']:.3f}", G=f"{history[-1]['loss_G']:.3f}")
        if args.eval_every and (step + 1) % args.eval_every == 0 and step + 1 < settings["steps"]:
            evaluate(step + 1)
    evaluate(settings["steps"])
    mx.nd.waitall()
    seconds = time.perf_counter() - start

    restore(gan, best.pop("params"))
    print(f"[train_cgan] keeping {best['weights']} of step {best['step']} (conditional accuracy "
          f"{best['conditional_accuracy']:.3f} on the fixed noise)")
    scores = score(cgan, gan, classifier)
    save_digit_grid(cgan, gan, out / "digits.png")
    mx.nd.save(str(out / "generator.params"),
               {**{f"arg:{n}": gan.G.arg_dict[n] for n in gan.G_params},
                **{f"aux:{n}": a for n, a in gan.G.aux_dict.items()}})
    save_losses(history, out / "losses.png")
    x, y = digit_classifier.held_out()
    report = {"impl": args.impl, "fast": args.fast, "settings": settings, "lr": args.lr,
              "beta1": args.beta1, "ema": args.ema, "eval_every": args.eval_every,
              "train_seconds": round(seconds, 1), "context": str(ctx), **scores,
              "kept": {k: best[k] for k in ("step", "weights", "conditional_accuracy")},
              "classifier_accuracy_held_out": digit_classifier.accuracy(classifier, x, y),
              "checkpoints": checkpoints}
    (out / "scores.json").write_text(json.dumps(report, indent=2))
    print(f"[train_cgan] {settings['steps']} steps in {seconds:.0f} s; conditional accuracy "
          f"{scores['conditional_accuracy']:.3f}, inception score {scores['inception_score']:.2f}; "
          f"wrote {out}/digits.png, losses.png, scores.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
