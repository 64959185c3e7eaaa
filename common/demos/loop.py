"""What every demo shares: the kata it trains, where its pictures go, an
endless stream of batches, the NaN stop, checkpoints that ``--resume``
continues from, Ctrl-C, and the loss plot.

A demo's main reads like pytorch/examples' ``dcgan/main.py``: parse the
arguments (``common_arguments`` adds the shared ones), ``load_kata``, build
the model, then ``run_loop(step, ...)`` with a function doing one training
step. Everything it writes goes to ``output_folder(args)``.
"""
import json
import math
import sys
import traceback
from pathlib import Path

import numpy as np

from common.harness import loader

CHECKPOINT = "checkpoint"


class NonFiniteLoss(RuntimeError):
    """A loss became NaN or infinite: training diverged."""


class KataNotReady(RuntimeError):
    """The kata under ``--impl`` is missing or not finished."""


# ------------------------------------------------------------------ set-up

def common_arguments(parser, steps_name="--iterations"):
    """The arguments every demo takes: --impl, --out, --resume, --dry-run, --seed."""
    parser.add_argument("--impl", default="solutions",
                        help="katas, solutions (default) or a submission folder")
    parser.add_argument("--out", default=None,
                        help="output folder (default: runs/<demo> for the reference, "
                             "runs/<demo>-<impl> for anything else, so yours never "
                             "overwrites the reference's pictures)")
    parser.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint")
    parser.add_argument("--dry-run", action="store_true",
                        help=f"check that the loop works: 2 steps, then write everything ({steps_name} ignored)")
    parser.add_argument("--seed", type=int, default=0)


def output_folder(args, demo):
    """Where a demo writes: ``--out``, else runs/<demo> for the reference and
    runs/<demo>-<impl> for the katas or a submission."""
    if args.out:
        folder = Path(args.out)
    elif args.impl == "solutions":
        folder = Path("runs") / demo
    else:
        name = Path(args.impl).name or "impl"
        folder = Path("runs") / f"{demo}-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_kata(impl, kata):
    """The kata module under ``impl``; KataNotReady when it is missing or does not import."""
    try:
        return loader.load(impl, kata)
    except loader.ImplNotFound as error:
        raise KataNotReady(f"{error}. Nothing to train.") from None
    except Exception as error:
        raise KataNotReady(f"{loader.module_path(impl, kata)} does not import: "
                           f"{type(error).__name__}: {error}") from None


def explain_pending(error):
    """One friendly line for a NotImplementedError raised by a kata stub: the
    innermost frame is the stub's function, which names itself."""
    frames = [frame for frame, _ in traceback.walk_tb(error.__traceback__)]
    if not frames:
        return f"a kata function is not written yet ({error})"
    code = frames[-1].f_code
    path = Path(code.co_filename)
    try:
        shown = path.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = path.name
    detail = f" ({error})" if str(error) else ""
    return (f"{shown}: {code.co_qualname} is not written yet{detail}. Finish the kata first: "
            f"`make test KATA={path.stem}` shows what is left.")


def main_guard(main, argv=None, demo="demo"):
    """Run a demo's main: a kata that is missing, broken or not finished gives
    one line and exit 2, not a traceback."""
    try:
        return main(argv)
    except KataNotReady as error:
        print(f"[{demo}] {error}", file=sys.stderr)
    except NotImplementedError as error:
        print(f"[{demo}] {explain_pending(error)}", file=sys.stderr)
    return 2


# ------------------------------------------------------------------ the loop

def endless(data_iter):
    """The batches of an ``mx.io.DataIter``, epoch after epoch."""
    while True:
        for batch in data_iter:
            yield batch
        data_iter.reset()


def check_finite(stats, step):
    """NonFiniteLoss naming the step and the values when a number is NaN or infinite."""
    bad = {k: v for k, v in stats.items() if not math.isfinite(v)}
    if bad:
        raise NonFiniteLoss(
            f"step {step}: {bad}: training diverged. Try a smaller --lr, check that G ends in "
            "tanh and that the real images are in [-1, 1]; --resume restarts from the last good "
            "checkpoint")


def run_loop(step, state, total, *, every=0, on_every=None, save=None, desc="train", postfix=None,
             stop=None):
    """Call ``step()`` (one training step, returning a dict of floats) until
    ``state["step"]`` reaches ``total`` (None: no limit) or ``stop()``, asked
    after each step, says so.

    ``state`` holds ``step`` (steps done) and ``history`` (one dict per step);
    every ``every`` steps ``on_every()`` runs (pictures, evaluation) and
    ``save()`` writes a checkpoint. Ctrl-C saves one and returns 130; a NaN
    or infinite number returns 1 with the reason and saves nothing, so the
    last good checkpoint survives. Returns 0 when done."""
    from tqdm import tqdm
    bar = tqdm(total=total, initial=state["step"], desc=desc, dynamic_ncols=True)
    try:
        while total is None or state["step"] < total:
            stats = {k: float(v) for k, v in step().items()}
            state["step"] += 1
            check_finite(stats, state["step"])
            state["history"].append(stats)
            bar.update(1)
            if postfix:
                bar.set_postfix_str(postfix(stats), refresh=False)
            if every and state["step"] % every == 0 and state["step"] != total:
                if on_every:
                    on_every()
                if save:
                    save()
            if stop and stop():
                break
    except KeyboardInterrupt:
        bar.close()
        if save:
            save()
        print(f"\ninterrupted at step {state['step']}: checkpoint saved; --resume continues")
        return 130
    except NonFiniteLoss as error:
        bar.close()
        print(f"stopped: {error}", file=sys.stderr)
        return 1
    bar.close()
    return 0


# ------------------------------------------------------------ checkpoints

def save_state(out, state, **arrays):
    """Write ``state`` (JSON: step, settings, history...) and numpy ``arrays``
    into OUT/checkpoint; returns the folder (models save themselves into it)."""
    folder = Path(out) / CHECKPOINT
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", array)
    (folder / "state.json").write_text(json.dumps(state))
    return folder


def load_state(out):
    """(state, folder) of OUT/checkpoint; SystemExit with a message when there is none."""
    folder = Path(out) / CHECKPOINT
    if not (folder / "state.json").is_file():
        sys.exit(f"--resume: no checkpoint in {folder}")
    return json.loads((folder / "state.json").read_text()), folder


# ------------------------------------------------------------------ plots

def smooth(values, window):
    """A moving average (the first window-1 points dropped)."""
    values = np.asarray(values, dtype=float)
    window = max(1, min(window, len(values)))
    return np.convolve(values, np.ones(window) / window, mode="valid")


def plot_history(history, path, panels, extra=None):
    """Save a figure with one panel per ``(title, {key: label}, ylim)`` of
    ``panels``, each curve a moving average of ``history[i][key]`` over the
    steps; ``extra`` is an optional ``(title, xs, {label: ys}, ylim)`` panel
    (e.g. an accuracy measured every N steps)."""
    from matplotlib.figure import Figure
    count = len(panels) + (1 if extra else 0)
    fig = Figure(figsize=(5 * count, 4), dpi=100)
    axes = fig.subplots(1, count, squeeze=False)[0]
    steps = np.arange(1, len(history) + 1)
    window = max(1, len(history) // 50)
    for ax, (title, keys, ylim) in zip(axes, panels):
        for key, label in keys.items() if history else ():
            curve = smooth([h[key] for h in history], window)
            ax.plot(steps[len(steps) - len(curve):], curve, label=label)
        ax.set_title(title)
        ax.set_xlabel("step")
        ax.set_ylim(*(ylim or (None, None)))
        ax.legend()
    if extra:
        title, xs, curves, ylim = extra
        ax = axes[-1]
        for label, ys in curves.items():
            ax.plot(xs, ys, marker="o", label=label)
        ax.set_title(title)
        ax.set_xlabel("step")
        ax.set_ylim(*(ylim or (None, None)))
        ax.legend()
    fig.tight_layout()
    fig.savefig(str(path))
