"""Train a conditional GAN (the cgan kata) on MNIST and judge what it draws.

    python -m common.demos.cgan [--impl katas|solutions|DIR] [--fast] [--resume] [--dry-run] [--out DIR]

Writes, under the output folder (runs/cgan for the reference):

- ``digits.png``: a 10x10 grid, row k (labelled) holding ten samples of digit k;
- ``losses.png``: D's and G's losses over the steps, and the conditional
  accuracy at every evaluation;
- ``generator.params``: G's weights and BatchNorm statistics (``mx.nd.save``);
- ``scores.json``: the digit classifier's verdict (common/demos/digit_classifier.py):
  the conditional accuracy (share of samples read as the digit asked for),
  the inception score of those samples, the wall time and the settings;
- ``checkpoint/``: everything ``--resume`` needs (G, D, their Adam states,
  the moving average of G, the best G so far, the history).

Every ``--eval-every`` steps (and at the end) G and a moving average of its
weights (``--ema``) are scored on one fixed noise batch; the best of these
checkpoints is the G that is kept, drawn, saved and scored on fresh noise.

``--fast`` trains on the 10,000 shipped images with a small network, the
demo setting; without it the full MNIST is read (``--data-dir`` or where
``common.datasets`` finds it) and the networks are wider.
"""
import argparse
import json
import sys
import time

import common  # noqa: F401  (threads and warnings before mxnet)
import numpy as np

from common.demos import digit_classifier, loop

FAST = dict(steps=2000, batch_size=32, nz=64, ngf=32, ndf=32)
FULL = dict(steps=6000, batch_size=64, nz=100, ngf=64, ndf=64)
FAST_OPT = dict(lr=5e-4, beta1=0.5, ema=0.995, eval_every=100)
FULL_OPT = dict(lr=2e-4, beta1=0.5, ema=0.999, eval_every=500)
ARCHITECTURE = ("batch_size", "nz", "ngf", "ndf")  # what a checkpoint fixes
SAMPLES_PER_DIGIT = 100  # final score, fresh noise
EVAL_PER_DIGIT = 50      # checkpoint choice, one fixed noise batch


def load_images(fast, data_dir):
    from common.datasets import SHIPPED_DIR, load_mnist, read_idx_pair
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


def save_digit_grid(cgan, gan, path):
    """Row k of a 10x10 grid: ten samples of digit k (the same ten noises in
    every row), each row labelled with its digit."""
    import mxnet as mx
    from matplotlib.figure import Figure
    noise = mx.nd.random.normal(0, 1, shape=(10, gan.nz, 1, 1), ctx=gan.ctx)
    grid = np.concatenate([cgan.generate_digits(k, 10, gan, noise=noise) for k in range(10)])
    tiles = grid[:, 0].reshape(10, 10, 28, 28).transpose(0, 2, 1, 3).reshape(280, 280)
    fig = Figure(figsize=(5.4, 5.4), dpi=100)
    ax = fig.subplots()
    ax.imshow(np.clip(tiles, -1, 1), cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
    ax.set_yticks(np.arange(10) * 28 + 14, [f"digit {k}" for k in range(10)])
    ax.set_xticks([])
    ax.set_title("row k: ten samples asked to be digit k")
    fig.tight_layout()
    fig.savefig(str(path))


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


def save_model(gan, folder, ema, best):
    """G and D (weights, moving statistics), both updaters' Adam states, the
    moving average of G and the best G so far, into ``folder``."""
    import mxnet as mx
    arrays = {f"G:{n}": gan.G.arg_dict[n] for n in gan.G_params}
    arrays.update({f"Gaux:{n}": a for n, a in gan.G.aux_dict.items()})
    arrays.update({f"D:{n}": gan.D.arg_dict[n] for n in gan.D_params})
    arrays.update({f"Daux:{n}": a for n, a in gan.D.aux_dict.items()})
    arrays.update({f"ema:{n}": a for n, a in (ema or {}).items()})
    if best.get("params"):
        arrays.update({f"best:{n}": a for n, a in best["params"][0].items()})
        arrays.update({f"bestaux:{n}": a for n, a in best["params"][1].items()})
    mx.nd.save(str(folder / "cgan.params"), arrays)
    (folder / "G.states").write_bytes(gan.G_updater.get_states())
    (folder / "D.states").write_bytes(gan.D_updater.get_states())


def load_model(gan, folder, ema, best):
    """The inverse of :func:`save_model`."""
    import mxnet as mx
    arrays = mx.nd.load(str(folder / "cgan.params"))
    best_params = ({}, {})
    for key, value in arrays.items():
        part, name = key.split(":", 1)
        target = {"G": gan.G.arg_dict, "Gaux": gan.G.aux_dict, "D": gan.D.arg_dict,
                  "Daux": gan.D.aux_dict, "ema": ema if ema is not None else {},
                  "best": best_params[0], "bestaux": best_params[1]}[part]
        if part in ("best", "bestaux"):
            target[name] = value.as_in_context(gan.ctx)
        elif name in target:
            value.copyto(target[name])
    if best_params[0]:
        best["params"] = best_params
    gan.G_updater.set_states((folder / "G.states").read_bytes())
    gan.D_updater.set_states((folder / "D.states").read_bytes())


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m common.demos.cgan", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    loop.common_arguments(parser, "--steps")
    parser.add_argument("--fast", action="store_true", help="shipped data, small networks")
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
    args = parser.parse_args(argv)
    for key, value in (FAST_OPT if args.fast else FULL_OPT).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def main(argv=None):
    args = parse_args(argv)
    import mxnet as mx
    from tqdm import tqdm
    from common.env import default_context, seed_everything

    cgan = loop.load_kata(args.impl, "cgan")
    out = loop.output_folder(args, "cgan")
    settings = dict(FAST if args.fast else FULL)
    settings.update({k: getattr(args, k) for k in FAST if getattr(args, k) is not None})
    state = {"step": 0, "history": [], "evaluations": []}
    if args.resume:
        saved, folder = loop.load_state(out)
        settings.update({k: saved["settings"][k] for k in ARCHITECTURE})
        state.update({k: saved[k] for k in ("step", "history", "evaluations", "best", "train_seconds")})
    if args.dry_run:
        settings["steps"] = state["step"] + 2
    state["settings"] = settings
    seed_everything(args.seed + state["step"])

    iterators = loop.load_kata("solutions", "iterators")
    images, labels = load_images(args.fast, args.data_dir)
    batches = loop.endless(iterators.ConditionalIter(
        images, labels.astype(np.int64), settings["batch_size"], size=28, channels=1,
        seed=args.seed + state["step"]))
    ctx = default_context()
    gan = cgan.make_executors(settings["batch_size"], nz=settings["nz"], ngf=settings["ngf"],
                              ndf=settings["ndf"], ctx=ctx, lr=args.lr, beta1=args.beta1)
    ema = {n: gan.G.arg_dict[n].copy() for n in gan.G_params} if args.ema else None
    best = {"conditional_accuracy": -1.0, **state.pop("best", {})}
    if args.resume:
        load_model(gan, folder, ema, best)
    classifier = digit_classifier.load_classifier()
    # One fixed noise batch (the same for every digit) to compare checkpoints on.
    eval_noise = mx.nd.array(np.random.RandomState(args.seed + 1).normal(
        size=(EVAL_PER_DIGIT, settings["nz"], 1, 1)).astype(np.float32), ctx=ctx)
    per_digit = 5 if args.dry_run else EVAL_PER_DIGIT
    print(f"[cgan] {args.impl}: {len(images):,} images, {settings}, lr {args.lr}, beta1 {args.beta1}, "
          f"G average {args.ema}, on {ctx}, from step {state['step']}; writing to {out}")

    def step():
        batch = next(batches)
        losses = cgan.train_step(gan, batch.data[0], batch.data[1])
        if ema is not None:
            for n, a in ema.items():
                a[:] = args.ema * a + (1 - args.ema) * gan.G.arg_dict[n]
        return losses

    def evaluate():
        """Score G (and its moving average) on the fixed noise; keep the best."""
        current = snapshot(gan)
        candidates = [("G", current)]
        if ema is not None:
            candidates.append(("G average", ({n: a.copy() for n, a in ema.items()}, current[1])))
        for name, weights in candidates:
            restore(gan, weights)
            s = score(cgan, gan, classifier, per_digit=per_digit, noise=eval_noise[:per_digit])
            state["evaluations"].append({"step": state["step"], "weights": name,
                                         **{k: s[k] for k in ("conditional_accuracy", "inception_score")}})
            tqdm.write(f"[cgan] step {state['step']} {name}: conditional accuracy "
                       f"{s['conditional_accuracy']:.3f}, inception score {s['inception_score']:.2f}")
            if s["conditional_accuracy"] > best["conditional_accuracy"]:
                best.update(step=state["step"], weights=name, params=snapshot(gan),
                            conditional_accuracy=s["conditional_accuracy"])
        restore(gan, current)
        plot()

    def plot():
        evals = state["evaluations"]
        curves = {name: [e["conditional_accuracy"] for e in evals if e["weights"] == name]
                  for name in dict.fromkeys(e["weights"] for e in evals)}
        xs = sorted({e["step"] for e in evals})
        loop.plot_history(state["history"], out / "losses.png",
                          [("losses", {"loss_D": "D loss", "loss_G": "G loss"}, None)],
                          extra=("conditional accuracy (fixed noise)", xs, curves, (0, 1)) if evals else None)

    def save():
        saved = {**state, "best": {k: v for k, v in best.items() if k != "params"},
                 "train_seconds": state.get("train_seconds", 0) + time.perf_counter() - start}
        save_model(gan, loop.save_state(out, saved), ema, best)

    start = time.perf_counter()
    every = args.eval_every if not args.dry_run else 1
    status = loop.run_loop(step, state, settings["steps"], every=every, on_every=evaluate, save=save,
                           desc="cgan", postfix=lambda s: f"D {s['loss_D']:.3f}  G {s['loss_G']:.3f}  "
                                                          f"best accuracy {max(best['conditional_accuracy'], 0):.2f}")
    if status:
        return status
    evaluate()
    mx.nd.waitall()
    seconds = state.get("train_seconds", 0) + time.perf_counter() - start
    save()

    restore(gan, best["params"])
    print(f"[cgan] keeping {best['weights']} of step {best['step']} (conditional accuracy "
          f"{best['conditional_accuracy']:.3f} on the fixed noise)")
    scores = score(cgan, gan, classifier, per_digit=10 if args.dry_run else SAMPLES_PER_DIGIT)
    save_digit_grid(cgan, gan, out / "digits.png")
    mx.nd.save(str(out / "generator.params"),
               {**{f"arg:{n}": gan.G.arg_dict[n] for n in gan.G_params},
                **{f"aux:{n}": a for n, a in gan.G.aux_dict.items()}})
    x, y = digit_classifier.held_out()
    report = {"impl": args.impl, "fast": args.fast, "settings": settings, "lr": args.lr,
              "beta1": args.beta1, "ema": args.ema, "eval_every": args.eval_every,
              "train_seconds": round(seconds, 1), "context": str(ctx), **scores,
              "kept": {k: best[k] for k in ("step", "weights", "conditional_accuracy")},
              "classifier_accuracy_held_out": digit_classifier.accuracy(classifier, x, y),
              "evaluations": state["evaluations"]}
    (out / "scores.json").write_text(json.dumps(report, indent=2))
    print(f"[cgan] {settings['steps']} steps in {seconds:.0f} s; conditional accuracy "
          f"{scores['conditional_accuracy']:.3f}, inception score {scores['inception_score']:.2f}; "
          f"wrote {out}/digits.png, losses.png, scores.json")
    return 0


if __name__ == "__main__":
    sys.exit(loop.main_guard(main, demo="cgan"))
