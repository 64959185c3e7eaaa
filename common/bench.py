"""Throughput benchmarks: how fast each kata's training step runs, and how
close it gets to what the machine can do.

``python -m common.bench`` (``make bench``) runs pytest-benchmark over
tests/bench, then prints one table, writes results/bench.json (pytest-
benchmark's format) and results/bench.png (a bar chart), appends the DCGAN
layer-by-layer table (common/bench_layers.py), the interleaved comparisons,
and the OMP thread speed-up measured in subprocesses.

What is in here, top to bottom:

- the device: ``select_context`` tries a tiny op on ``mx.gpu(0)`` and falls
  back to the CPU with a reason when MXNet's CUDA build cannot run there;
- the ceiling: ``measure_ceiling``, the best of a few large float32 matrix
  products; ``sustained_ceiling``, products back to back for as long as a
  step takes (what tests/bench holds each step against, measured just
  before and after it);
- FLOP counting from layer shapes: ``conv_flops``, ``deconv_flops``,
  ``dense_flops``, ``lstm_flops``; ``symbol_layers`` lists a symbol's
  Convolution / Deconvolution / FullyConnected / RNN layers with their
  shapes and FLOPs, ``symbol_flops`` adds them up.
  Training one layer costs about ``TRAIN_FACTOR`` = 3 forward passes
  (forward, gradient for the input, gradient for the weights);
- ``Workload`` and ``build_workload(kata, module, size, ctx, variant)``: one
  training step of a kata, ready to time, with its FLOPs and items;
- ``throughput_check(impl, kata)``: the learner's step against the
  reference step, timed in the same process, alternating;
- the report: ``rows_from_json``, ``format_table``, ``write_chart``;
- ``omp_scaling``: the same work with OMP_NUM_THREADS=1 and =2.

Elementwise layers (BatchNorm, activations, the loss) are not counted: they
move memory rather than multiply, so the FLOP/s figure is that of the
multiply-heavy layers, divided by the time of the whole step.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import common  # noqa: F401  (threads before mxnet)
from common.progression import ROOT

os.environ.setdefault("MXNET_SUBGRAPH_VERBOSE", "0")  # no "Subgraph backend MKLDNN is activated" lines

RESULTS = ROOT / "results"
LIMIT = 1.5            # a step slower than LIMIT x the reference fails the throughput check
TRAIN_FACTOR = 3       # forward + backward ~ 3 forward passes, for layers with weights
SIZES = ("small", "tutorial")
NZ = 100               # noise dimensions of every GAN here
VOCAB = 86             # the Nietzsche text's distinct characters

# ------------------------------------------------------------------ device


def select_context(verbose=False):
    """(ctx, note): ``mx.gpu(0)`` when MXNet sees a GPU *and* can run a tiny
    convolution and matrix product on it, else ``mx.cpu()``. The note says
    which and why (e.g. the mxnet-cu112 wheel has no kernels for an H100)."""
    import mxnet as mx
    try:
        gpus = mx.context.num_gpus()
    except Exception as error:  # a CPU build may raise instead of answering 0
        ctx, note = mx.cpu(), f"CPU (MXNet cannot query GPUs: {_first_line(error)})"
    else:
        if gpus == 0:
            ctx, note = mx.cpu(), "CPU (MXNet sees no GPU)"
        else:
            ctx, note = _try_gpu(mx, gpus)
    if verbose:
        print(f"bench device: {note}", flush=True)
    return ctx, note


def _try_gpu(mx, gpus):
    try:
        gpu = mx.gpu(0)
        x = mx.nd.ones((2, 3, 8, 8), ctx=gpu)
        w = mx.nd.ones((4, 3, 3, 3), ctx=gpu)
        y = mx.nd.Convolution(x, w, kernel=(3, 3), num_filter=4, no_bias=True)
        total = float(mx.nd.dot(y.reshape((2, -1)), y.reshape((2, -1)).T).sum().asscalar())
        if not math.isfinite(total):
            raise RuntimeError("a tiny convolution gave a non-finite result")
    except Exception as error:
        return mx.cpu(), (f"CPU: MXNet sees {gpus} GPU(s) but cannot run on mx.gpu(0) "
                          f"({_first_line(error)}). The mxnet-cu112 wheel has kernels for compute "
                          "capability 5.0 to 8.6 only; an H100/H200 is 9.0. Falling back to the CPU.")
    return mx.gpu(0), f"GPU mx.gpu(0) ({gpus} seen)"


def _first_line(error):
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


def describe_device(ctx):
    """'cpu (2 threads)' or 'gpu(0)'."""
    if ctx.device_type == "cpu":
        return f"cpu ({os.environ.get('OMP_NUM_THREADS', '?')} threads)"
    return f"gpu({ctx.device_id})"


def sync():
    import mxnet as mx
    mx.nd.waitall()


# ----------------------------------------------------------------- ceiling


def ceiling_size(ctx):
    """The side of the square matrices of the ceiling: big enough to run at
    full speed, small enough to take about a second on two CPU cores."""
    return 8192 if ctx.device_type == "gpu" else 2048


def matmul_step(ctx, n=None):
    """(step, flops): one n x n float32 matrix product through MXNet."""
    import mxnet as mx
    n = n or ceiling_size(ctx)
    a = mx.nd.random.uniform(-1, 1, shape=(n, n), ctx=ctx)
    b = mx.nd.random.uniform(-1, 1, shape=(n, n), ctx=ctx)

    def step():
        mx.nd.dot(a, b).wait_to_read()
    return step, 2.0 * n ** 3


def time_step(step, rounds, warmup=1):
    """Seconds of each of ``rounds`` calls, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def measure_ceiling(ctx, n=None, rounds=5):
    """Best FLOP/s of an n x n float32 matrix product (best of ``rounds``:
    on a shared machine the fastest run is the least disturbed one)."""
    step, flops = matmul_step(ctx, n)
    return flops / min(time_step(step, rounds))


def sustained_ceiling(ctx, seconds, n=None):
    """FLOP/s of n x n float32 matrix products run back to back for about
    ``seconds``: the ceiling to hold a step of that length against. On a
    shared machine a step of seconds meets the neighbours' load that a
    single 0.1-second product can miss."""
    step, flops = matmul_step(ctx, n)
    step()
    count, start = 0, time.perf_counter()
    while True:
        step()
        count += 1
        spent = time.perf_counter() - start
        if spent >= seconds:
            return count * flops / spent


# ------------------------------------------------------------ FLOP counting


def conv_flops(out_shape, in_channels, kernel, groups=1):
    """A convolution: each output value is a dot product of length
    (in_channels / groups) * kh * kw: 2 FLOPs (multiply + add) per term."""
    return 2.0 * math.prod(out_shape) * (in_channels // groups) * math.prod(kernel)


def deconv_flops(in_shape, out_channels, kernel, groups=1):
    """A transposed convolution: each *input* value is spread, times a
    kh x kw kernel, onto (out_channels / groups) output planes."""
    return 2.0 * math.prod(in_shape) * (out_channels // groups) * math.prod(kernel)


def dense_flops(rows, in_units, out_units):
    """A fully connected layer on ``rows`` inputs."""
    return 2.0 * rows * in_units * out_units


GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1, "rnn_relu": 1, "rnn": 1}


def lstm_flops(seq_len, batch, input_size, hidden, layers=1, mode="lstm", directions=1):
    """A (stacked) recurrent layer: at every step each gate multiplies the
    input and the previous hidden state by its weights."""
    gates = GATES[mode]
    total, size = 0.0, input_size
    for _ in range(layers):
        total += directions * dense_flops(seq_len * batch, size + hidden, gates * hidden)
        size = hidden * directions
    return total


@dataclass
class Layer:
    """One multiply-heavy layer of a symbol, with the shapes MXNet inferred:
    ``op`` is Convolution, Deconvolution, FullyConnected or RNN; ``attrs``
    its attributes as the symbol's JSON holds them (strings)."""
    name: str
    op: str
    data_shape: tuple
    weight_shape: tuple
    out_shape: tuple
    attrs: dict
    flops: float


MULTIPLY_OPS = ("Convolution", "Deconvolution", "FullyConnected", "RNN")


def symbol_layers(sym, **input_shapes):
    """The Convolution, Deconvolution, FullyConnected and RNN layers of a
    symbol, in order, each with its shapes (MXNet's own shape inference) and
    its forward FLOPs."""
    internals = sym.get_internals()
    arg_shapes, out_shapes, _ = internals.infer_shape(**input_shapes)
    if arg_shapes is None:
        raise ValueError(f"cannot infer the shapes of {sym.name} from {input_shapes}")
    shapes = dict(zip(internals.list_arguments(), arg_shapes))
    shapes.update(zip(internals.list_outputs(), out_shapes))
    outputs = internals.list_outputs()
    nodes = json.loads(sym.tojson())["nodes"]

    def shape_of(ref):
        node = nodes[ref[0]]
        if node["op"] == "null":
            return shapes[node["name"]]
        if ref[1] == 0 and node["name"] + "_output" in shapes:
            return shapes[node["name"] + "_output"]
        mine = [o for o in outputs if o.startswith(node["name"] + "_") and o.endswith("output")]
        return shapes[mine[ref[1]]]

    layers = []
    for index, node in enumerate(nodes):
        op, attrs = node["op"], node.get("attrs", {})
        if op not in MULTIPLY_OPS:
            continue
        data = tuple(shape_of(node["inputs"][0]))
        out = tuple(shape_of([index, 0]))
        groups = int(attrs.get("num_group", 1))
        if op == "RNN":
            weight = ()
            flops = lstm_flops(data[0], data[1], data[2], int(attrs["state_size"]),
                               int(attrs.get("num_layers", 1)), attrs.get("mode", "lstm"),
                               2 if attrs.get("bidirectional", "False") == "True" else 1)
        else:
            weight = tuple(shape_of(node["inputs"][1]))
            if op == "Deconvolution":
                flops = deconv_flops(data, weight[1] * groups, weight[2:], groups)
            else:  # Convolution, FullyConnected: weight (out, in / groups, *kernel)
                flops = conv_flops(out, weight[1] * groups, weight[2:], groups)
        layers.append(Layer(node["name"], op, data, weight, out, attrs, flops))
    return layers


def symbol_flops(sym, **input_shapes):
    """Forward FLOPs of a symbol: the sum over its ``symbol_layers``."""
    return sum(layer.flops for layer in symbol_layers(sym, **input_shapes))


def gluon_flops(block, *input_shapes):
    """Forward FLOPs of a Gluon HybridBlock for inputs of these shapes."""
    import mxnet as mx
    names = [f"data{i}" for i in range(len(input_shapes))]
    out = block(*[mx.sym.var(n) for n in names])
    out = out[0] if isinstance(out, (list, tuple)) else out
    return symbol_flops(out, **dict(zip(names, input_shapes)))


# --------------------------------------------------------------- workloads


@dataclass
class Workload:
    """One training (or preprocessing) step of a kata, ready to time.

    ``step()`` runs it to completion (MXNet's engine drained); ``items`` are
    what one step processes (``unit``), ``flops`` its floating-point work
    (0 when not counted)."""
    kata: str
    variant: str
    size: str
    batch: int
    model: str
    unit: str
    items: int
    flops: float
    step: object = field(repr=False)
    rounds: int = 3
    warmup: int = 1
    parts: dict = field(default_factory=dict, repr=False)  # what the step trains, to inspect

    @property
    def label(self):
        parts = [self.kata] + ([self.variant] if self.variant else []) + [self.size]
        return " ".join(parts)

    def extra_info(self, device):
        return {"kata": self.kata, "variant": self.variant, "size": self.size,
                "batch": self.batch, "model": self.model, "unit": self.unit,
                "items": self.items, "flops": self.flops, "device": device,
                "label": self.label}


def _rounds(default):
    return int(os.environ.get("BENCH_ROUNDS", default))


MODULE_VARIANTS = ("", "gemm")


def _dcgan_module(mod, size, ctx, variant):
    """The Module-API DCGAN step. Variant 'gemm': the same step with every
    (de)convolution whose small side is at most 8x8 computed as one matrix
    product (common/bench_layers.py: what choosing the kernel per layer buys)."""
    import mxnet as mx
    from unittest import mock
    from common import bench_layers
    if variant not in MODULE_VARIANTS:
        raise ValueError(f"dcgan_module variant must be one of {MODULE_VARIANTS}, got {variant!r}")
    batch, width = (64, 128) if size == "tutorial" else (16, 32)
    shapes_g = {"rand": (batch, NZ, 1, 1)}
    shapes_d = {"data": (batch, 3, 64, 64), "label": (batch,)}
    g_sym, d_sym = mod.generator_symbol(width, 3, 64), mod.discriminator_symbol(width, 64)
    g, d = symbol_flops(g_sym, **shapes_g), symbol_flops(d_sym, **shapes_d)
    def make_modules():
        return mod.make_modules(batch, nz=NZ, ngf=width, ndf=width, nc=3, image_size=64, ctx=ctx)

    if variant == "gemm":  # the module's own make_modules, handed the rewritten symbols
        g_sym = bench_layers.rewrite(g_sym, bench_layers.gemm_when_small, **shapes_g)
        d_sym = bench_layers.rewrite(d_sym, bench_layers.gemm_when_small, **shapes_d)
        with mock.patch.object(mod, "generator_symbol", lambda *args, **kwargs: g_sym), \
                mock.patch.object(mod, "discriminator_symbol", lambda *args, **kwargs: d_sym):
            generator, discriminator = make_modules()
    else:
        generator, discriminator = make_modules()
    noise = mx.io.DataBatch([mx.nd.random.normal(0, 1, shape=shapes_g["rand"], ctx=ctx)], [])
    real = mx.io.DataBatch([mx.nd.random.uniform(-1, 1, shape=shapes_d["data"], ctx=ctx)], [])

    def step():
        mod.train_step(generator, discriminator, noise, real)
        sync()
    # G: forward + backward; D: forward + backward on fake, real, and fake again for G
    return Workload("dcgan_module", variant, size, batch, f"64x64x3 ngf=ndf={width}", "images/s",
                    batch, TRAIN_FACTOR * (g + 3 * d), step, rounds=_rounds(3),
                    parts={"generator": generator, "discriminator": discriminator})


GLUON_VARIANTS = ("imperative", "hybrid", "static")


def _dcgan_gluon(mod, size, ctx, variant):
    import mxnet as mx
    from mxnet import gluon
    variant = variant or "static"
    if variant not in GLUON_VARIANTS:
        raise ValueError(f"dcgan_gluon variant must be one of {GLUON_VARIANTS}, got {variant!r}")
    batch, width = (64, 128) if size == "tutorial" else (16, 32)
    netG, netD = mod.build_generator(width, 3, 64), mod.build_discriminator(width, 64)
    trainers = []
    for net in (netG, netD):
        net.initialize(mx.init.Normal(0.02), ctx=ctx)
        trainers.append(gluon.Trainer(net.collect_params(), "adam",
                                      {"learning_rate": 2e-4, "beta1": 0.5}))
    g = gluon_flops(netG, (batch, NZ, 1, 1))
    d = gluon_flops(netD, (batch, 3, 64, 64))
    if variant != "imperative":
        for net in (netG, netD):
            if isinstance(net, gluon.HybridBlock):
                net.hybridize(static_alloc=variant == "static", static_shape=variant == "static")
    real = mx.nd.random.uniform(-1, 1, shape=(batch, 3, 64, 64), ctx=ctx)
    z = mx.nd.random.normal(0, 1, shape=(batch, NZ, 1, 1), ctx=ctx)

    def step():
        mod.train_step(netG, netD, trainers[0], trainers[1], real, z)
        sync()
    # D: forward + backward on real, on fake, and again in G's step; G: forward
    # in D's step, forward + backward in its own
    return Workload("dcgan_gluon", variant, size, batch, f"64x64x3 ngf=ndf={width}", "images/s",
                    batch, TRAIN_FACTOR * 3 * d + (1 + TRAIN_FACTOR) * g, step,
                    rounds=_rounds(3))


def _cgan(mod, size, ctx, variant):
    import mxnet as mx
    batch, width = (64, 64) if size == "tutorial" else (16, 16)
    gan = mod.make_executors(batch, nz=NZ, ngf=width, ndf=width, ctx=ctx)
    images = mx.nd.random.uniform(-1, 1, shape=(batch, 1, 28, 28), ctx=ctx)
    digits = mx.nd.one_hot(mx.nd.array([i % 10 for i in range(batch)], ctx=ctx), 10)
    noise = mx.nd.random.normal(0, 1, shape=(batch, NZ, 1, 1), ctx=ctx)
    g = symbol_flops(mod.generator_symbol(NZ, width), rand=(batch, NZ, 1, 1), digit=(batch, 10))
    d = symbol_flops(mod.discriminator_symbol(width), data=(batch, 1, 28, 28), digit=(batch, 10),
                     label=(batch,))

    def step():
        mod.train_step(gan, images, digits, noise)
        sync()
    # G: forward for D's step, forward + backward for its own; D: three forward + backward
    return Workload("cgan", variant, size, batch, f"28x28x1 ngf=ndf={width}", "images/s", batch,
                    (1 + TRAIN_FACTOR) * g + 3 * TRAIN_FACTOR * d, step, rounds=_rounds(3))


def _textgen(mod, size, ctx, variant):
    import mxnet as mx
    import numpy as np
    from mxnet import gluon
    seq, batch, hidden, layers = (35, 32, 512, 2) if size == "tutorial" else (35, 16, 128, 1)
    embed = hidden
    model = mod.GluonRNNModel("lstm", VOCAB, embed, hidden, layers, 0.5)
    model.initialize(mx.init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(model.collect_params(), "sgd", {"learning_rate": 1.0})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rng = np.random.RandomState(0)
    data = mx.nd.array(rng.randint(0, VOCAB, size=(seq + 1, batch)), ctx=ctx)  # one BPTT chunk
    forward = lstm_flops(seq, batch, embed, hidden, layers) + dense_flops(seq * batch, hidden, VOCAB)

    def step():
        mod.train_epoch(model, data, trainer, loss_fn, seq, clip=0.25)
        sync()
    return Workload("textgen", variant, size, batch, f"LSTM {layers}x{hidden} seq {seq}",
                    "chars/s", seq * batch, TRAIN_FACTOR * forward, step, rounds=_rounds(3))


def _unrolled_rnn(mod, size, ctx, variant):
    import mxnet as mx
    import numpy as np
    from mxnet import gluon
    batch, embed, hidden = (32, 256, 256) if size == "tutorial" else (16, 32, 32)
    model = mod.UnrolledRNN(VOCAB, embed, hidden)
    model.initialize(mx.init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(model.collect_params(), "adam", {"learning_rate": 1e-3})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rng = np.random.RandomState(0)
    inputs = mx.nd.array(rng.randint(0, VOCAB, size=(batch, 3)), ctx=ctx)
    targets = mx.nd.array(rng.randint(0, VOCAB, size=(batch,)), ctx=ctx)
    # three input-to-hidden, two hidden-to-hidden, one output layer
    forward = (3 * dense_flops(batch, embed, hidden) + 2 * dense_flops(batch, hidden, hidden)
               + dense_flops(batch, hidden, VOCAB))

    def step():
        mod.train_step(model, trainer, loss_fn, inputs, targets)
        sync()
    return Workload("unrolled_rnn", variant, size, batch, f"embed {embed} hidden {hidden}",
                    "samples/s", batch, TRAIN_FACTOR * forward, step, rounds=_rounds(20))


ITERATOR_VARIANTS = ("vectorised", "loop")


def preprocess_per_image(images_uint8, size=64, channels=3):
    """The slow way: resize one image at a time (OpenCV bilinear through
    mx.image.imresize), scale, copy into the channels. For comparison only."""
    import mxnet as mx
    import numpy as np
    out = np.empty((len(images_uint8), channels, size, size), dtype=np.float32)
    for i, image in enumerate(images_uint8):
        resized = mx.image.imresize(mx.nd.array(image[:, :, None], dtype="uint8"), size, size)
        grey = resized.asnumpy()[:, :, 0].astype(np.float32) / 127.5 - 1.0
        for c in range(channels):
            out[i, c] = grey
    return out


def _iterators(mod, size, ctx, variant):
    from common.mnist import load_mnist
    variant = variant or "vectorised"
    if variant not in ITERATOR_VARIANTS:
        raise ValueError(f"iterators variant must be one of {ITERATOR_VARIANTS}, got {variant!r}")
    batch = 64 if size == "tutorial" else 16
    images, _ = load_mnist(split="test")
    images = images[:batch]
    work = mod.preprocess_mnist if variant == "vectorised" else preprocess_per_image

    def step():
        work(images, 64, 3)
    return Workload("iterators", variant, size, batch, "28x28 -> 3x64x64", "images/s", batch,
                    0.0, step, rounds=_rounds(20))


BUILDERS = {
    "iterators": _iterators,
    "unrolled_rnn": _unrolled_rnn,
    "textgen": _textgen,
    "dcgan_module": _dcgan_module,
    "dcgan_gluon": _dcgan_gluon,
    "cgan": _cgan,
}
BENCH_KATAS = tuple(BUILDERS)


def build_workload(kata, module, size="small", ctx=None, variant=""):
    """The Workload of ``kata`` implemented by ``module`` (a kata module: the
    learner's or the reference), at ``size`` 'small' or 'tutorial'."""
    import mxnet as mx
    from common import env
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, got {size!r}")
    env.seed_everything(0)
    return BUILDERS[kata](module, size, ctx or mx.cpu(), variant)


def reference_exists(kata):
    return (ROOT / "solutions" / f"{kata}.py").is_file()


# ------------------------------------------------------- throughput check


def compare_steps(ours, ref, rounds=None, limit=LIMIT):
    """Time two workloads alternately (the noise of a shared machine hits
    both alike); compare their best times. Returns (ok, ours_s, ref_s, message)."""
    rounds = rounds or max(ours.rounds, ref.rounds)
    for work in (ours, ref):
        for _ in range(max(1, work.warmup)):
            work.step()
    ours_t, ref_t = [], []
    for _ in range(rounds):
        ours_t += time_step(ours.step, 1, warmup=0)
        ref_t += time_step(ref.step, 1, warmup=0)
    ours_s, ref_s = min(ours_t), min(ref_t)
    ratio = ours_s / ref_s
    ok = ratio <= limit
    verdict = "ok" if ok else "THROUGHPUT FAILURE"
    message = (f"{ours.label}: {verdict}: your step takes {ours_s * 1e3:.1f} ms, the reference "
               f"{ref_s * 1e3:.1f} ms ({ratio:.2f}x; the limit is {limit}x), best of {rounds}")
    return ok, ours_s, ref_s, message


# The one workload the throughput check times for each kata.
CHECK_VARIANT = {"dcgan_gluon": "static", "iterators": "vectorised"}


def throughput_check(impl, kata, size="small", rounds=None, limit=LIMIT, ctx=None):
    """The learner's throughput check: ``kata`` under ``impl`` (katas, a
    submission directory or a file) against the reference, same process,
    same device. Returns (ok, ours_s, ref_s, message); ours_s is None when
    the kata is pending or broken."""
    from common import loader
    if kata not in BUILDERS:
        raise ValueError(f"no throughput benchmark for {kata!r}; there is one for {BENCH_KATAS}")
    if not reference_exists(kata):
        return False, None, None, f"{kata}: no reference solutions/{kata}.py to compare with"
    if ctx is None:
        ctx, _ = select_context()
    variant = CHECK_VARIANT.get(kata, "")
    try:
        ours = build_workload(kata, loader.load(impl, kata), size, ctx, variant)
        ours.step()
    except (NotImplementedError, loader.ImplNotFound) as error:
        return False, None, None, f"{kata}: pending ({_first_line(error)})"
    except Exception as error:
        return False, None, None, f"{kata}: the step fails: {type(error).__name__}: {_first_line(error)}"
    ref = build_workload(kata, loader.load("solutions", kata), size, ctx, variant)
    return compare_steps(ours, ref, rounds, limit)


# ------------------------------------------------------------------ report


def rows_from_json(path):
    """The benchmark rows of a pytest-benchmark JSON file, plus the run's
    peak ceiling (FLOP/s of the ceiling benchmark's best product, or None).
    Each row: label, device, batch, model, unit, throughput (items per
    second of the best round), step_s, flops, flop_s, ceiling (the
    sustained ceiling measured around it, or None), rounds."""
    data = json.loads(Path(path).read_text())
    rows, ceiling = [], None
    for bench in data.get("benchmarks", []):
        info, stats = bench.get("extra_info", {}), bench["stats"]
        best = stats["min"]
        if info.get("kind") == "ceiling":
            ceiling = info["flops"] / best
            continue
        if "items" not in info:
            continue
        rows.append({"label": info["label"], "kata": info["kata"], "size": info["size"],
                     "device": info["device"], "batch": info["batch"], "model": info["model"],
                     "unit": info["unit"], "throughput": info["items"] / best,
                     "step_s": best, "flops": info["flops"],
                     "flop_s": info["flops"] / best if info["flops"] else None,
                     "ceiling": info.get("ceiling"),
                     "rounds": stats["rounds"], "check": info.get("check")})
    order = {kata: i for i, kata in enumerate(BENCH_KATAS)}
    rows.sort(key=lambda r: (order.get(r["kata"], len(order)), SIZES.index(r["size"])
                             if r["size"] in SIZES else 0))  # stable: variants keep their order
    return rows, ceiling


def _si(value):
    for scale, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{prefix}"
    return f"{value:.3g}"


def text_table(head, body):
    """Lines of a plain-text table: the header, a rule, one line per row,
    each column as wide as its widest cell."""
    widths = [max(len(x) for x in column) for column in zip(head, *body)]
    lines = ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [head] + body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def format_table(rows, ceiling):
    """The benchmark table, as lines of text. Each row's "% ceiling" is
    against the ceiling measured around it when the row has one (a shared
    machine's speed drifts), else against the run's ``ceiling``."""
    head = ["benchmark", "device", "batch", "model", "throughput", "step ms",
            "GFLOP/step", "GFLOP/s", "ceiling", "% ceiling"]
    body = []
    for r in rows:
        own = r.get("ceiling") or ceiling
        pct = f"{100 * r['flop_s'] / own:.0f}%" if r["flop_s"] and own else "-"
        body.append([r["label"], r["device"], str(r["batch"]), r["model"],
                     f"{_si(r['throughput'])} {r['unit']}", f"{r['step_s'] * 1e3:.1f}",
                     f"{r['flops'] / 1e9:.3g}" if r["flops"] else "-",
                     f"{r['flop_s'] / 1e9:.1f}" if r["flop_s"] else "-",
                     f"{own / 1e9:.1f}" if r["flop_s"] and own else "-", pct])
    lines = text_table(head, body)
    if ceiling or any(r.get("ceiling") for r in rows):
        peak = f"; the run's peak (best single product) {ceiling / 1e9:.1f}" if ceiling else ""
        lines.append("ceiling: GFLOP/s of float32 matrix products through MXNet on this device, "
                     "run for as long as the benchmark's step just before and just after it "
                     f"(the better of the two){peak}. Times are the best round")
    checks = [r["check"] for r in rows if r.get("check")]
    lines += checks
    return lines


def write_chart(rows, ceiling, path):
    """A PNG bar chart of the table: each step's percentage of the ceiling
    measured around it (labelled with its GFLOP/s), and throughput (log
    scale), for every benchmark."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels = [f"{r['label']} ({r['unit']})" for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 0.45 * len(rows) + 1.6), sharey=True)
    ys = range(len(rows))
    pcts = [100 * r["flop_s"] / (r.get("ceiling") or ceiling)
            if r["flop_s"] and (r.get("ceiling") or ceiling) else 0 for r in rows]
    bars = left.barh(ys, pcts, color="tab:blue")
    left.bar_label(bars, [f"{r['flop_s'] / 1e9:.3g} GFLOP/s" if r["flop_s"] else ""
                          for r in rows], padding=3, fontsize=7)
    left.axvline(100, color="tab:red", linestyle="--", label="the matrix-product ceiling")
    left.legend(loc="lower right", fontsize=8)
    left.set_xlim(0, max([115] + [p + 15 for p in pcts]))
    left.set_xlabel("% of the ceiling measured around each step")
    left.set_yticks(list(ys), labels, fontsize=8)
    left.invert_yaxis()
    right.barh(ys, [r["throughput"] for r in rows], color="tab:green")
    right.set_xscale("log")
    right.set_xlabel("throughput (items/s, log scale)")
    device = rows[0]["device"] if rows else "?"
    fig.suptitle(f"Kata training-step throughput on {device}", fontsize=10)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


# -------------------------------------------------------------- OMP threads


def probe(kata="dcgan_module", size="small"):
    """What one subprocess measures for ``omp_scaling``: the ceiling and the
    best time of a reference step, with this process's OMP_NUM_THREADS."""
    from common import loader
    import mxnet as mx
    ctx = mx.cpu()
    result = {"threads": os.environ.get("OMP_NUM_THREADS"), "ceiling": measure_ceiling(ctx, rounds=3)}
    if reference_exists(kata):
        work = build_workload(kata, loader.load("solutions", kata), size, ctx)
        result["step_s"] = min(time_step(work.step, 3))
        result["step"] = work.label
    return result


# The thread settings compared: one thread, the project's setting (every
# core), and the project's setting with libgomp told to sleep, not spin, while
# it waits (which matters when other processes share the cores).
OMP_CONFIGS = (
    {"OMP_NUM_THREADS": "1"},
    {"OMP_NUM_THREADS": str(os.cpu_count() or 1)},
    {"OMP_NUM_THREADS": str(os.cpu_count() or 1), "OMP_WAIT_POLICY": "PASSIVE"},
)


def omp_scaling(configs=OMP_CONFIGS, kata="dcgan_module", size="small"):
    """Run ``probe`` in one subprocess per thread setting; return the results
    (each with its 'env')."""
    results = []
    for config in configs:
        environ = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")}
        environ.update(config)
        code = f"import json, common.bench as b; print(json.dumps(b.probe({kata!r}, {size!r})))"
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"the {config} probe failed:\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["env"] = " ".join(f"{k}={v}" for k, v in config.items())
        results.append(result)
    return results


def omp_lines(results):
    """Human lines comparing the probes (speed-up of each against the first)."""
    base = results[0]
    lines = []
    for r in results:
        line = f"{r.get('env', 'OMP_NUM_THREADS=' + str(r['threads']))}: ceiling {r['ceiling'] / 1e9:.1f} GFLOP/s"
        if "step_s" in r:
            line += f", {r['step']} step {r['step_s'] * 1e3:.0f} ms"
        if r is not base:
            line += f"  (speed-up {r['ceiling'] / base['ceiling']:.2f}x"
            if "step_s" in r and "step_s" in base:
                line += f", step {base['step_s'] / r['step_s']:.2f}x"
            line += ")"
        lines.append(line)
    return lines


# ---------------------------------------------------- interleaved comparisons


def interleaved(steps, rounds=3):
    """Best seconds of each step (a function), timed round-robin (one call of
    each in turn, after one untimed call of each), so that the load of a
    shared machine hits them all alike."""
    for step in steps:
        step()
    times = [[] for _ in steps]
    for _ in range(rounds):
        for step, spent in zip(steps, times):
            spent += time_step(step, 1, warmup=0)
    return [min(spent) for spent in times]


def comparisons(ctx, size="small", rounds=3):
    """The comparisons that teach, as lines: MXNet's execution modes on the
    same DCGAN step, and preprocessing per image against vectorised."""
    from common import loader
    lines = []
    groups = [("DCGAN step, " + size, [("dcgan_gluon", v) for v in GLUON_VARIANTS]
               + [("dcgan_module", "")]),
              ("MNIST preprocessing, " + size, [("iterators", v) for v in reversed(ITERATOR_VARIANTS)])]
    for title, members in groups:
        present = [(k, v) for k, v in members if reference_exists(k)]
        if not present:
            continue
        works = [build_workload(k, loader.load("solutions", k), size, ctx, v) for k, v in present]
        best = interleaved([work.step for work in works], rounds)
        lines.append(f"{title} (interleaved, best of {rounds}):")
        for work, seconds in zip(works, best):
            name = {"dcgan_module": "Module API", "": work.kata}.get(work.kata, work.variant)
            if work.kata == "dcgan_gluon":
                name = {"imperative": "Gluon imperative", "hybrid": "Gluon hybridize()",
                        "static": "Gluon hybridize(static_alloc, static_shape)"}[work.variant]
            elif work.kata == "iterators":
                name = {"loop": "per-image loop", "vectorised": "vectorised"}[work.variant]
            lines.append(f"  {name:46s} {work.items / seconds:9.1f} {work.unit}  "
                         f"{seconds * 1e3:8.1f} ms  {best[0] / seconds:5.2f}x")
    return lines


# -------------------------------------------------------------------- main


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m common.bench",
        description="Run the throughput benchmarks (tests/bench) and print one table.")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="the learner's throughput check for one kata (JSON out)")
    check.add_argument("impl")
    check.add_argument("kata", choices=BENCH_KATAS)
    check.add_argument("--size", default="small", choices=SIZES)
    parser.add_argument("--impl", default="solutions",
                        help="implementation to time: solutions (default), katas or a submission "
                             "directory; anything but solutions is also checked against the reference")
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="comma-separated sizes to run (small,tutorial)")
    parser.add_argument("-k", default=None, help="pytest -k expression to select benchmarks")
    parser.add_argument("--results", default=str(RESULTS), help="where bench.json and bench.png go")
    parser.add_argument("--no-omp", action="store_true", help="skip the OMP_NUM_THREADS 1 vs 2 probe")
    parser.add_argument("--no-layers", action="store_true",
                        help="skip the DCGAN layer-by-layer table (common/bench_layers.py)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the interleaved comparisons (execution modes, preprocessing)")
    args = parser.parse_args(argv)

    if args.command == "check":
        ok, ours_s, ref_s, message = throughput_check(args.impl, args.kata, args.size)
        print(json.dumps({"ok": ok, "ours_s": ours_s, "ref_s": ref_s, "message": message}))
        return 0 if ok else 1

    results = Path(args.results)
    results.mkdir(parents=True, exist_ok=True)
    json_path = results / "bench.json"
    ctx, note = select_context(verbose=True)
    command = [sys.executable, "-m", "pytest", "tests/bench", "-q", "-p", "no:cacheprovider",
               "--benchmark-enable", "--benchmark-only", f"--benchmark-json={json_path}",
               "--benchmark-columns=min,median,max,rounds", "--impl", args.impl, "-rs"]
    if args.k:
        command += ["-k", args.k]
    environ = dict(os.environ, BENCH_SIZES=args.sizes)
    started = time.perf_counter()
    status = subprocess.run(command, cwd=ROOT, env=environ).returncode
    lines = []
    if json_path.is_file():
        rows, ceiling = rows_from_json(json_path)
        if ceiling and not args.k:
            # once more at the end: on a shared machine the start may have been the busy part
            ceiling = max(ceiling, measure_ceiling(ctx))
        lines += [f"device: {note}", ""] + format_table(rows, ceiling)
        if rows:
            write_chart(rows, ceiling, results / "bench.png")
            lines.append(f"written: {json_path}, {results / 'bench.png'}")
    if (not args.no_layers and not args.k and args.impl == "solutions"
            and "tutorial" in args.sizes.split(",") and reference_exists("dcgan_module")):
        from common import bench_layers
        lines += [""] + bench_layers.report(ctx, rounds=_rounds(3), results=results)
    if not args.no_compare:
        lines += [""] + comparisons(ctx)
    if not args.no_omp:
        omp = omp_scaling()
        (results / "omp.json").write_text(json.dumps(omp, indent=1))
        lines += ["", "OMP threads (one process each, ceiling best of 3, reference step best of 3):"]
        lines += omp_lines(omp)
    lines.append(f"bench took {time.perf_counter() - started:.0f} s")
    print("\n" + "\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
