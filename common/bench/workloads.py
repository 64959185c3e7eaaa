"""One training step of each kata, ready to time (``build_workload``), and
the learner's throughput check against the reference (``throughput_check``)."""
import os
import types
from dataclasses import dataclass, field

from common.bench.core import (LIMIT, NZ, SIZES, TRAIN_FACTOR, VOCAB, dense_flops, gluon_flops,
                               lstm_flops, select_context, symbol_flops, sync, time_step)
from common.bench import layers as bench_layers
from common.course import ROOT
from common.env import first_line


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


def with_symbols(make_modules, g_sym, d_sym):
    """The kata's own ``make_modules`` (same code, same defaults), building its
    modules from the given symbols instead of its ``generator_symbol`` and
    ``discriminator_symbol``: how the 'gemm' variant binds rewritten symbols."""
    scope = {**make_modules.__globals__, "generator_symbol": lambda *args, **kwargs: g_sym,
             "discriminator_symbol": lambda *args, **kwargs: d_sym}
    return types.FunctionType(make_modules.__code__, scope, make_modules.__name__,
                              make_modules.__defaults__)


def _dcgan_module(mod, size, ctx, variant):
    """The Module-API DCGAN step. Variant 'gemm': the same step with every
    (de)convolution whose small side is at most 8x8 computed as one matrix
    product (common/bench/layers.py: what choosing the kernel per layer buys)."""
    import mxnet as mx
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
        generator, discriminator = with_symbols(mod.make_modules, g_sym, d_sym)(
            batch, nz=NZ, ngf=width, ndf=width, nc=3, image_size=64, ctx=ctx)
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
    model.hybridize(static_alloc=True, static_shape=True)  # as the stub and the demo teach
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
    from common.datasets import load_mnist
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
    from common.harness import loader
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
        return False, None, None, f"{kata}: pending ({first_line(error)})"
    except Exception as error:
        return False, None, None, f"{kata}: the step fails: {type(error).__name__}: {first_line(error)}"
    ref = build_workload(kata, loader.load("solutions", kata), size, ctx, variant)
    return compare_steps(ours, ref, rounds, limit)


