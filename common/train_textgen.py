"""Train the textgen kata's character model on the shipped Nietzsche text.

    python -m common.train_textgen [--impl katas|solutions|DIR] [--minutes M] [--mode lstm] ...

Trains ``GluonRNNModel`` from the chosen implementation (the reference by
default) with its ``batchify`` / ``train_epoch`` / ``generate``, for a time
budget, on the first 90% of the text; after every round it reports the
validation loss (nats/char) and perplexity on the last 10%, saves the
parameters and writes generated samples to the output folder
(runs/textgen/ by default).
"""
import argparse
import json
import math
import time
from pathlib import Path

import common  # noqa: F401  (threads and warnings before mxnet)
from common import env, loader
from common.text import load_nietzsche

SEED_TEXT = "The philosopher "


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--impl", default="solutions", help="katas, solutions or a submission folder")
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
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="runs/textgen", help="output folder")
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
    import numpy as np
    from mxnet import gluon
    from tqdm import tqdm

    env.seed_everything(args.seed)
    ctx = env.default_context()
    kata = loader.load(args.impl, "textgen")
    vocab_kata = loader.load("solutions", "unrolled_rnn")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    text = load_nietzsche()
    vocab = vocab_kata.char_vocab(text)
    idx = vocab_kata.encode(text, vocab)
    split = int(len(idx) * (1 - args.val_fraction))
    train = kata.batchify(idx[:split], args.batch_size, ctx=ctx)
    val = kata.batchify(idx[split:], args.batch_size, ctx=ctx)
    (out / "vocab.json").write_text(json.dumps({"chars": "".join(vocab[0]), "mode": args.mode,
                                                "config": vars(args)}, indent=1))

    model = kata.GluonRNNModel(args.mode, len(vocab[0]), args.num_embed, args.num_hidden,
                               args.num_layers, args.dropout)
    model.initialize(mx.init.Xavier(), ctx=ctx)
    model.hybridize(static_alloc=True, static_shape=True)
    trainer = gluon.Trainer(model.collect_params(), "adam", {"learning_rate": args.lr})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rows = args.round_batches * args.seq_len
    print(f"textgen ({loader.describe(args.impl)}, {args.mode}, {ctx}): {len(text):,} characters, "
          f"{len(vocab[0])} distinct; train {split:,}, validation {len(idx) - split:,}; "
          f"budget {args.minutes:g} min")

    deadline = time.perf_counter() + args.minutes * 60
    train_seconds, train_chars, row, best = 0.0, 0, 0, math.inf
    bar = tqdm(total=round(args.minutes * 60), unit="s", desc="training", leave=True,
               bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt}s{postfix}")
    log = open(out / "log.jsonl", "a")
    while time.perf_counter() < deadline:
        chunk = train[row: row + rows + 1]
        row = row + rows if row + rows + 1 < train.shape[0] else 0  # wrap: next epoch
        if chunk.shape[0] < 2:
            continue
        start = time.perf_counter()
        loss, ppl = kata.train_epoch(model, chunk, trainer, loss_fn, args.seq_len, args.clip)
        seconds = time.perf_counter() - start
        train_seconds += seconds
        train_chars += (chunk.shape[0] - 1) * chunk.shape[1]
        val_loss = evaluate(kata, model, val, loss_fn, args.seq_len)
        bar.n = min(round(args.minutes * 60 - (deadline - time.perf_counter())), bar.total)
        bar.set_postfix(train=f"{loss:.3f}", val=f"{val_loss:.3f}", ppl=f"{math.exp(val_loss):.2f}",
                        cps=f"{train_chars / train_seconds:,.0f}")
        model.save_parameters(str(out / f"textgen-{args.mode}-last.params"))
        if val_loss < best:
            best = val_loss
            model.save_parameters(str(out / f"textgen-{args.mode}-best.params"))
        record = dict(train_chars=train_chars, train_seconds=round(train_seconds, 2), train_loss=loss,
                      val_loss=val_loss, val_perplexity=math.exp(val_loss),
                      chars_per_second=train_chars / train_seconds)
        log.write(json.dumps(record) + "\n")
        log.flush()
    bar.close()
    log.close()

    samples = [f"# {args.mode}, {train_chars:,} training characters, validation loss {best:.3f} nats/char\n"]
    for temperature in (None, 0.5, 1.0):
        body = kata.generate(model, SEED_TEXT, args.sample_length, vocab, temperature=temperature,
                             seed=args.seed)
        samples.append(f"\n## temperature {temperature or 'greedy'}\n{SEED_TEXT}{body}\n")
    (out / "samples.txt").write_text("".join(samples))
    print("".join(samples))
    print(f"trained {train_seconds:.0f}s at {train_chars / max(train_seconds, 1e-9):,.0f} chars/s; "
          f"best validation loss {best:.3f} nats/char (perplexity {math.exp(best):.2f}); "
          f"checkpoints and samples in {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
