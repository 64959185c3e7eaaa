"""Train the textgen kata's character model on the shipped Nietzsche text.

    python -m common.demos.textgen [--impl katas|solutions|DIR] [--minutes M] [--resume] [--dry-run] ...

Trains ``GluonRNNModel`` from the chosen implementation (the reference by
default) with its ``batchify`` / ``train_epoch`` / ``generate``, for a time
budget, on the first 90% of the text, in rounds of ``--round-batches``
chunks. After every round it reports the validation loss (nats/char) and
perplexity on the last 10% and saves a checkpoint; at the end it writes
generated samples. Output folder: runs/textgen for the reference.

- ``textgen-<mode>-best.params`` / ``-last.params``: the model (``save_parameters``);
- ``log.jsonl``: one line per round; ``losses.png``: train and validation loss;
- ``samples.txt``: greedy and sampled text after the seed "The philosopher ";
- ``checkpoint/``: what ``--resume`` continues from (model, trainer, position, history).
"""
import argparse
import json
import math
import sys
import time

import common  # noqa: F401  (threads and warnings before mxnet)
from common import env
from common.datasets import load_nietzsche
from common.demos import loop

SEED_TEXT = "The philosopher "
ARCHITECTURE = ("mode", "num_embed", "num_hidden", "num_layers", "batch_size")


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m common.demos.textgen", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    loop.common_arguments(p, "--minutes")
    p.add_argument("--minutes", type=float, default=10.0, help="training time budget")
    p.add_argument("--mode", default="lstm", choices=("lstm", "gru", "rnn"))
    p.add_argument("--num-embed", type=int, default=64)
    p.add_argument("--num-hidden", type=int, default=256)
    p.add_argument("--num-layers", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seq-len", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.002, help="Adam learning rate")
    p.add_argument("--clip", type=float, default=0.2, help="bound on the per-character gradient norm")
    p.add_argument("--round-batches", type=int, default=100,
                   help="BPTT chunks per round (a round ends with validation, checkpoint and samples)")
    p.add_argument("--val-fraction", type=float, default=0.1)
    p.add_argument("--sample-length", type=int, default=300)
    return p.parse_args(argv)


def evaluate(kata, model, data, loss_fn, seq_len):
    """Mean loss (nats/char) of ``model`` over ``data`` (num_batches, B), no training."""
    hidden = model.begin_state(data.shape[1], ctx=data.context)
    total, count = 0.0, 0
    for i in range(0, data.shape[0] - 1, seq_len):
        inputs, targets = kata.get_batch(data, i, seq_len)
        output, hidden = model(inputs, hidden)
        total += float(loss_fn(output, targets).sum().asscalar())
        count += targets.shape[0]
    return total / count


def main(argv=None):
    args = parse_args(argv)
    import mxnet as mx
    from mxnet import gluon

    kata = loop.load_kata(args.impl, "textgen")
    vocab_kata = loop.load_kata("solutions", "unrolled_rnn")
    out = loop.output_folder(args, "textgen")
    state = {"step": 0, "history": [], "row": 0, "train_chars": 0, "train_seconds": 0.0,
             "best": math.inf}
    if args.resume:
        saved, folder = loop.load_state(out)
        for key in ARCHITECTURE:
            setattr(args, key, saved["settings"][key])  # the saved model's shapes win
        state.update({k: saved[k] for k in state})
    state["settings"] = {k: getattr(args, k) for k in ARCHITECTURE}
    env.seed_everything(args.seed + state["step"])
    ctx = env.default_context()

    text = load_nietzsche()
    vocab = vocab_kata.char_vocab(text)
    idx = vocab_kata.encode(text, vocab)
    split = int(len(idx) * (1 - args.val_fraction))
    train = kata.batchify(idx[:split], args.batch_size, ctx=ctx)
    val = kata.batchify(idx[split:], args.batch_size, ctx=ctx)
    if args.dry_run:
        val = val[: 2 * args.seq_len + 1]
    (out / "vocab.json").write_text(json.dumps({"chars": "".join(vocab[0]), "mode": args.mode,
                                                "config": vars(args)}, indent=1))

    model = kata.GluonRNNModel(args.mode, len(vocab[0]), args.num_embed, args.num_hidden,
                               args.num_layers, args.dropout)
    model.initialize(mx.init.Xavier(), ctx=ctx)
    model.hybridize(static_alloc=True, static_shape=True)
    trainer = gluon.Trainer(model.collect_params(), "adam", {"learning_rate": args.lr})
    if args.resume:
        model.load_parameters(str(folder / "model.params"), ctx=ctx)
        trainer.load_states(str(folder / "trainer.states"))
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rows = (2 if args.dry_run else args.round_batches) * args.seq_len
    print(f"textgen ({args.impl}, {args.mode}, {ctx}): {len(text):,} characters, "
          f"{len(vocab[0])} distinct; train {split:,}, validation {len(idx) - split:,}; "
          f"budget {args.minutes:g} min, from round {state['step']}; writing to {out}")

    def one_round():
        """train_epoch over the next ``rows`` rows of the training text, then validation."""
        row = state["row"]
        chunk = train[row: row + rows + 1]
        state["row"] = row + rows if row + rows + 1 < train.shape[0] - 1 else 0  # wrap: next epoch
        start = time.perf_counter()
        loss, _ = kata.train_epoch(model, chunk, trainer, loss_fn, args.seq_len, args.clip)
        state["train_seconds"] += time.perf_counter() - start
        state["train_chars"] += (chunk.shape[0] - 1) * chunk.shape[1]
        val_loss = evaluate(kata, model, val, loss_fn, args.seq_len)
        model.save_parameters(str(out / f"textgen-{args.mode}-last.params"))
        if val_loss < state["best"]:
            state["best"] = val_loss
            model.save_parameters(str(out / f"textgen-{args.mode}-best.params"))
        record = {"train_loss": loss, "val_loss": val_loss, "val_perplexity": math.exp(val_loss),
                  "chars_per_second": state["train_chars"] / state["train_seconds"]}
        with open(out / "log.jsonl", "a") as log:
            log.write(json.dumps({**record, "train_chars": state["train_chars"],
                                  "train_seconds": round(state["train_seconds"], 2)}) + "\n")
        return record

    def save():
        folder = loop.save_state(out, state)
        model.save_parameters(str(folder / "model.params"))
        trainer.save_states(str(folder / "trainer.states"))
        loop.plot_history(state["history"], out / "losses.png",
                          [("nats per character", {"train_loss": "train", "val_loss": "validation"}, None)])

    deadline = time.perf_counter() + args.minutes * 60
    status = loop.run_loop(one_round, state, state["step"] + 1 if args.dry_run else None, every=1,
                           save=save, desc="rounds", stop=lambda: time.perf_counter() > deadline,
                           postfix=lambda s: (f"train {s['train_loss']:.3f}  val {s['val_loss']:.3f}  "
                                              f"ppl {s['val_perplexity']:.2f}  "
                                              f"{s['chars_per_second']:,.0f} chars/s"))
    if status:
        return status
    save()
    best = state["best"]
    samples = [f"# {args.mode}, {state['train_chars']:,} training characters, "
               f"validation loss {best:.3f} nats/char\n"]
    for temperature in (None, 0.5, 1.0):
        body = kata.generate(model, SEED_TEXT, args.sample_length, vocab, temperature=temperature,
                             seed=args.seed)
        samples.append(f"\n## temperature {temperature or 'greedy'}\n{SEED_TEXT}{body}\n")
    (out / "samples.txt").write_text("".join(samples))
    print("".join(samples))
    print(f"trained {state['train_seconds']:.0f}s at "
          f"{state['train_chars'] / max(state['train_seconds'], 1e-9):,.0f} chars/s; "
          f"best validation loss {best:.3f} nats/char (perplexity {math.exp(best):.2f}); "
          f"checkpoints and samples in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(loop.main_guard(main, demo="textgen"))
