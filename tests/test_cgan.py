"""Tests of the cgan kata: a conditional GAN with Symbol + executors.

Each test names, in its docstring, the mistake it is there to catch.
Cheap shape checks come first, training-step checks last.

How the steps are checked without trusting any implementation:
``UpdaterSpy`` wraps an updater and records, at every call, which weight
it updates, the gradient applied and the weight before the update;
``Manual`` recomputes the same passes with plain executors bound to the
kata's own symbols, so every gradient applied and every loss returned is
compared with one computed independently. The comparisons with the
reference run the reference's steps on executors built from the kata's
own symbols: they test the steps, whatever BatchNorm eps the kata chose.
"""
import math
import types

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, strategies as st

from tests import strategies as S

# A tiny CGAN keeps every training-step test to a fraction of a second.
SMALL = dict(nz=8, ngf=4, ndf=4)
B = 4
G_INPUTS, D_INPUTS = ("rand", "digit"), ("data", "digit", "label")


def one_hot(digits):
    out = np.zeros((len(digits), 10), np.float32)
    out[np.arange(len(digits)), digits] = 1
    return out


def batch(seed=0, n=B, nz=SMALL["nz"]):
    """Real images in [-1, 1], their one-hot digits and the noise for the fakes."""
    rng = np.random.RandomState(seed)
    images = rng.uniform(-1, 1, size=(n, 1, 28, 28)).astype(np.float32)
    digits = one_hot(rng.randint(0, 10, size=n))
    noise = rng.normal(size=(n, nz, 1, 1)).astype(np.float32)
    return images, digits, noise


def out_shapes(sym, **shapes):
    """Every internal output's shape, by name, from MXNet's shape inference."""
    internals = sym.get_internals()
    _, outs, _ = internals.infer_shape(**shapes)
    return dict(zip(internals.list_outputs(), outs))


def params(exe, inputs):
    return {n: a.asnumpy().copy() for n, a in exe.arg_dict.items() if n not in inputs}


def aux(exe):
    return {n: a.asnumpy().copy() for n, a in exe.aux_dict.items()}


def grads(exe, inputs):
    return {n: exe.grad_dict[n].asnumpy().copy() for n in exe.arg_dict
            if n not in inputs and exe.grad_dict.get(n) is not None}


def changed(before, after, tol=0.0):
    return sorted(n for n in before if np.abs(before[n] - after[n]).max() > tol)


def rel_err(got, expected):
    return float(np.linalg.norm(got - expected) / max(np.linalg.norm(expected), 1e-12))


def mismatches(got, expected, tol=1e-4):
    """'name (relative error e)' for every array of ``expected`` that ``got`` lacks or misses."""
    return [f"{n} (missing)" if n not in got else f"{n} (relative error {rel_err(got[n], expected[n]):.2g})"
            for n in sorted(expected) if n not in got or rel_err(got[n], expected[n]) > tol]


def as_float(value, what):
    """A returned loss as a plain float; anything but a Python float fails."""
    assert isinstance(value, float) and not isinstance(value, bool), (
        f"{what} must be a Python float (float(...)), got {type(value).__name__} {value!r}")
    return float(value)


def bce(probs, label):
    p = np.clip(np.asarray(probs, np.float64).ravel(), 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(p) if label == 1 else -np.log(1 - p)))


def copy_weights(dst, src):
    """Give CGAN ``dst`` the weights and moving statistics of CGAN ``src``."""
    for part, inputs in (("G", G_INPUTS), ("D", D_INPUTS)):
        d, s = getattr(dst, part), getattr(src, part)
        names_d = set(d.arg_dict) - set(inputs)
        names_s = set(s.arg_dict) - set(inputs)
        assert names_d == names_s, (
            f"{part}'s parameters should be named as in the stub's docstring: "
            f"missing {sorted(names_s - names_d)}, unexpected {sorted(names_d - names_s)}")
        for n in names_s:
            d.arg_dict[n][:] = s.arg_dict[n]
        for n in s.aux_dict:
            assert n in d.aux_dict, f"{part} has no auxiliary state {n!r}"
            d.aux_dict[n][:] = s.aux_dict[n]


def run(what, fn, *args, **kwargs):
    """Call a kata function; an MXNet error becomes a failure that says where."""
    try:
        out = fn(*args, **kwargs)
        mx.nd.waitall()
        return out
    except mx.base.MXNetError as err:
        first = next((l for l in str(err).splitlines() if "Error" in l or "Check" in l), str(err)[:300])
        hint = ("\n(hint: in the G step, G.backward(out_grads=[...]) takes D_back's gradient with respect "
                "to its 'data' input, shape (B, 1, 28, 28))" if what in ("g_step", "train_step") else "")
        pytest.fail(f"{what} failed inside MXNet: {first.strip()}{hint}")


def reference_on_kata_symbols(reference, kata):
    """The reference's make_executors (same code, same defaults) building the kata's own symbols."""
    make = reference.make_executors
    scope = {**make.__globals__, "generator_symbol": kata.generator_symbol,
             "discriminator_symbol": kata.discriminator_symbol}
    return types.FunctionType(make.__code__, scope, make.__name__, make.__defaults__, make.__closure__)


class UpdaterSpy:
    """Wraps an updater: records, at every call, the name of the weight
    updated, the gradient applied and the weight before the update."""

    def __init__(self, updater, exe, names):
        self.updater, self.calls = updater, []
        self.names = {exe.arg_dict[n].handle.value: n for n in names}

    def __call__(self, index, grad, weight):
        name = self.names.get(weight.handle.value, f"<an array that is not a weight, index {index}>")
        self.calls.append((name, grad.asnumpy().copy(), weight.asnumpy().copy()))
        self.updater(index, grad, weight)

    def rounds(self):
        """[{name: (gradient, weight before)}]: round k holds each weight's k-th update."""
        out = []
        for name, grad, before in self.calls:
            k = sum(name in r for r in out)
            if k == len(out):
                out.append({})
            out[k][name] = (grad, before)
        return out


def spy_on(gan):
    """Replace both updaters of ``gan`` by spies; return (G's spy, D's spy)."""
    g_spy = UpdaterSpy(gan.G_updater, gan.G, gan.G_params)
    d_spy = UpdaterSpy(gan.D_updater, gan.D, gan.D_params)
    gan.G_updater, gan.D_updater = g_spy, d_spy
    return g_spy, d_spy


class Manual:
    """The passes of a step computed by hand: plain executors bound to the
    kata's own symbols for batch ``n``, loaded with given weights."""

    def __init__(self, kata, n=B, nz=SMALL["nz"], ngf=SMALL["ngf"], ndf=SMALL["ndf"], ctx=None):
        self.ctx = ctx or mx.cpu()
        g_sym, d_sym = kata.generator_symbol(nz=nz, ngf=ngf), kata.discriminator_symbol(ndf=ndf)
        self.g = g_sym.simple_bind(self.ctx, rand=(n, nz, 1, 1), digit=(n, 10),
                                   grad_req={a: ("null" if a in G_INPUTS else "write") for a in g_sym.list_arguments()})
        self.d = d_sym.simple_bind(self.ctx, data=(n, 1, 28, 28), digit=(n, 10), label=(n,),
                                   grad_req={a: ("write" if a == "data" else "null" if a in D_INPUTS else "write")
                                             for a in d_sym.list_arguments()})

    @staticmethod
    def load(exe, weights, stats=None):
        for n, v in weights.items():
            exe.arg_dict[n][:] = v
        for n, v in (stats or {}).items():
            exe.aux_dict[n][:] = v

    def fake(self, g_weights, g_stats, noise, digits, is_train=True):
        self.load(self.g, g_weights, g_stats)
        return self.g.forward(is_train=is_train, rand=mx.nd.array(noise, ctx=self.ctx),
                              digit=mx.nd.array(digits, ctx=self.ctx))[0].asnumpy()

    def d_pass(self, d_weights, images, digits, label):
        """D's verdicts, its weight gradients and its 'data' gradient."""
        self.load(self.d, d_weights)
        probs = self.d.forward(is_train=True, data=mx.nd.array(images, ctx=self.ctx),
                               digit=mx.nd.array(digits, ctx=self.ctx),
                               label=mx.nd.full(images.shape[:1], label, ctx=self.ctx))[0].asnumpy()
        self.d.backward()
        weight_grads = {n: self.d.grad_dict[n].asnumpy() for n in d_weights}
        return probs.ravel(), weight_grads, self.d.grad_dict["data"].asnumpy()


def separating_d(kata, gan, images, digits, noise, gap=4.0):
    """Set D's weights so that it tells the (bright) real images from G's
    fakes: mean logit +gap/2 on the reals and -gap/2 on the fakes."""
    D = gan.D
    w1 = np.zeros(D.arg_dict["d1_weight"].shape, np.float32)
    w1[:, 0] = 0.05                       # looks at the image plane only
    weights = {"d1_weight": w1, "d2_weight": np.full(D.arg_dict["d2_weight"].shape, 0.05, np.float32),
               "d3_weight": np.full(D.arg_dict["d3_weight"].shape, 0.001, np.float32)}
    weights.update({n: np.zeros(D.arg_dict[n].shape, np.float32) for n in ("d1_bias", "d2_bias", "d3_bias")})
    manual = Manual(kata, n=len(images))
    fake = manual.fake(params(gan.G, G_INPUTS), aux(gan.G), noise, digits)

    def mean_logit(x):
        p = manual.d_pass(weights, x, digits, 1)[0].astype(np.float64)
        return float(np.mean(np.log(p / (1 - p))))

    real_logit, fake_logit = mean_logit(images), mean_logit(fake)
    scale = gap / (real_logit - fake_logit)
    weights["d3_weight"] *= scale
    weights["d3_bias"][:] = -scale * (real_logit + fake_logit) / 2
    Manual.load(D, weights)


# ----------------------------------------------------------------- symbols

@given(b=S.batch_sizes, nz=S.noise_dims, ngf=st.sampled_from([2, 4, 8]))
def test_generator_output_shape(kata, b, nz, ngf):
    """Catches a deconvolution stack that does not land on 28x28, or a
    generator that does not take 'rand' and 'digit'."""
    sym = kata.generator_symbol(nz=nz, ngf=ngf)
    assert {"rand", "digit"} <= set(sym.list_arguments()), (
        f"the generator's inputs should be 'rand' and 'digit', got {sym.list_arguments()}")
    _, outs, _ = sym.infer_shape(rand=(b, nz, 1, 1), digit=(b, 10))
    assert tuple(outs[0]) == (b, 1, 28, 28), (
        f"expected images (B, 1, 28, 28) = {(b, 1, 28, 28)}, got {tuple(outs[0])}; "
        "deconv out = (in - 1) * stride - 2 * pad + kernel: 1 -> 7 (kernel 7), "
        "7 -> 14 and 14 -> 28 (kernel 4, stride 2, pad 1)")


@given(b=S.batch_sizes, nz=S.noise_dims)
def test_generator_concatenates_digit_before_the_first_deconvolution(kata, b, nz):
    """Catches the one-hot appended after a deconvolution (the first layer
    never sees the condition) instead of to the noise: (B, nz + 10, 1, 1)."""
    sym = kata.generator_symbol(nz=nz, ngf=4)
    shapes = out_shapes(sym, rand=(b, nz, 1, 1), digit=(b, 10))
    wanted = (b, nz + 10, 1, 1)
    assert wanted in [tuple(s) for s in shapes.values()], (
        f"no layer of the generator outputs (B, nz + 10, 1, 1) = {wanted}: concatenate the "
        f"noise (B, {nz}, 1, 1) with the digit reshaped to (B, 10, 1, 1) on axis 1 first")
    arg_shapes, _, _ = sym.infer_shape(rand=(b, nz, 1, 1), digit=(b, 10))
    weights = [(n, s) for n, s in zip(sym.list_arguments(), arg_shapes) if n.endswith("weight")]
    name, shape = weights[0]
    assert shape[0] == nz + 10, (
        f"the first layer's weight {name} has shape {shape}: its input channels should be "
        f"nz + 10 = {nz + 10}, got {shape[0]}")


@given(b=S.batch_sizes, size=st.sampled_from([1, 4, 28]), data=st.data())
def test_digit_planes_put_the_one_hot_on_the_channel_axis(kata, b, size, data):
    """Catches the one-hot broadcast along a spatial axis: plane k must be all
    ones for digit k and all zeros for every other plane."""
    digits = np.array(data.draw(st.lists(st.integers(0, 9), min_size=b, max_size=b)))
    sym = kata.digit_planes(mx.sym.Variable("digit"), size=size)
    out = sym.eval(mx.cpu(), digit=mx.nd.array(one_hot(digits)))[0].asnumpy()
    assert out.shape == (b, 10, size, size), f"expected {(b, 10, size, size)}, got {out.shape}"
    for i, k in enumerate(digits):
        ones = [c for c in range(10) if np.all(out[i, c] == 1)]
        zeros = [c for c in range(10) if np.all(out[i, c] == 0)]
        assert ones == [k] and len(zeros) == 9, (
            f"sample {i} (digit {k}): all-ones planes {ones} (expected [{k}]), "
            f"all-zero planes {zeros} (expected the other nine)")


@given(b=S.batch_sizes, ndf=st.sampled_from([2, 4, 8]))
def test_discriminator_shapes(kata, b, ndf):
    """Catches a discriminator that does not stack the ten digit planes onto
    the image (B, 11, 28, 28) or does not end in one probability per image."""
    sym = kata.discriminator_symbol(ndf=ndf)
    assert set(D_INPUTS) <= set(sym.list_arguments()), (
        f"the discriminator's inputs should be {D_INPUTS}, got {sym.list_arguments()}")
    shapes = out_shapes(sym, data=(b, 1, 28, 28), digit=(b, 10), label=(b,))
    assert (b, 11, 28, 28) in [tuple(s) for s in shapes.values()], (
        f"no layer outputs the image with its digit planes, (B, 1 + 10, 28, 28) = {(b, 11, 28, 28)}")
    _, outs, _ = sym.infer_shape(data=(b, 1, 28, 28), digit=(b, 10), label=(b,))
    assert tuple(outs[0]) in [(b, 1), (b,)], f"expected D's output (B, 1), got {tuple(outs[0])}"


def test_discriminator_output_depends_on_the_digit(kata):
    """Catches a discriminator that ignores the digit: its gradient with
    respect to 'digit' must exist and be non-zero, and its verdict on the
    same image must change with the digit."""
    sym = kata.discriminator_symbol(ndf=4)
    exe = sym.simple_bind(mx.cpu(), data=(B, 1, 28, 28), digit=(B, 10), label=(B,),
                          grad_req={n: ("null" if n in ("data", "label") else "write")
                                    for n in sym.list_arguments()})
    for n, a in exe.arg_dict.items():
        if n not in D_INPUTS:
            a[:] = mx.nd.random.normal(0, 0.1, shape=a.shape)
    images, digits, _ = batch()
    exe.arg_dict["data"][:] = images
    exe.arg_dict["digit"][:] = digits
    exe.arg_dict["label"][:] = 1
    exe.forward(is_train=True)
    first = exe.outputs[0].asnumpy().copy()
    exe.backward()
    g = exe.grad_dict["digit"].asnumpy()
    assert np.isfinite(g).all() and np.abs(g).max() > 0, "D's gradient with respect to 'digit' is zero"
    exe.arg_dict["digit"][:] = np.roll(digits, 1, axis=1)
    exe.forward(is_train=True)
    assert not np.allclose(exe.outputs[0].asnumpy(), first), "D's output does not change with the digit"


def bind_pair(kata, reference, which, n=B):
    """The kata's and the reference's symbol for ``which`` ('G' or 'D'), bound
    for batch ``n`` without gradients, with the same random weights
    (pre-BatchNorm weights large, so that BatchNorm's eps hardly matters)."""
    rng = np.random.RandomState(7)
    if which == "G":
        shapes = dict(rand=(n, SMALL["nz"], 1, 1), digit=(n, 10))
        syms = kata.generator_symbol(nz=SMALL["nz"], ngf=SMALL["ngf"]), reference.generator_symbol(nz=SMALL["nz"], ngf=SMALL["ngf"])
        inputs = G_INPUTS
    else:
        shapes = dict(data=(n, 1, 28, 28), digit=(n, 10), label=(n,))
        syms = kata.discriminator_symbol(ndf=SMALL["ndf"]), reference.discriminator_symbol(ndf=SMALL["ndf"])
        inputs = D_INPUTS
    ours, theirs = (sym.simple_bind(mx.cpu(), grad_req="null", **shapes) for sym in syms)
    names = set(theirs.arg_dict) - set(inputs)
    got = set(ours.arg_dict) - set(inputs)
    assert got == names, (f"{which}'s weights should be named as in the stub's docstring: missing "
                          f"{sorted(names - got)}, unexpected {sorted(got - names)}")
    assert set(ours.aux_dict) == set(theirs.aux_dict), (
        f"{which}'s BatchNorm statistics: expected {sorted(theirs.aux_dict)}, got {sorted(ours.aux_dict)}")
    for name in sorted(names):
        shape = theirs.arg_dict[name].shape
        assert ours.arg_dict[name].shape == shape, f"{which}'s {name}: expected shape {shape}, got {ours.arg_dict[name].shape}"
        if name.endswith("gamma"):
            value = rng.uniform(0.5, 1.5, shape)
        elif name.endswith(("beta", "bias")):
            value = rng.uniform(-0.5, 0.5, shape)
        else:
            value = rng.normal(0, 0.05 if name in ("g4_weight", "d3_weight") else 1.0, shape)
        ours.arg_dict[name][:] = theirs.arg_dict[name][:] = value
    for name in theirs.aux_dict:
        shape = theirs.aux_dict[name].shape
        value = rng.uniform(50, 100, shape) if name.endswith("var") else rng.normal(0, 3, shape)
        ours.aux_dict[name][:] = theirs.aux_dict[name][:] = value
    return ours, theirs


@pytest.mark.parametrize("which", ["G", "D"])
def test_networks_compute_what_the_docstrings_describe(kata, reference, which):
    """Catches a layer missing, added or in the wrong place, a learned gamma
    that is not learned (fix_gamma=True), a LeakyReLU slope other than 0.2, a
    missing relu or tanh: with the same weights, the kata's network must
    compute the reference's, in training mode (batch statistics) and in
    inference mode (moving statistics). BatchNorm's eps is free."""
    images, digits, noise = batch(3)
    ours, theirs = bind_pair(kata, reference, which)
    for exe in (ours, theirs):
        if which == "G":
            exe.arg_dict["rand"][:], exe.arg_dict["digit"][:] = noise, digits
        else:
            exe.arg_dict["data"][:], exe.arg_dict["digit"][:] = images, digits
    for is_train in (False, True):
        got, want = (exe.forward(is_train=is_train)[0].asnumpy() for exe in (ours, theirs))
        assert got.shape == want.shape, f"{which}'s output: expected shape {want.shape}, got {got.shape}"
        err = np.abs(got - want).max()
        assert np.allclose(got, want, rtol=1e-3, atol=1e-4), (
            f"with the reference's weights, {which}'s output in {'training' if is_train else 'inference'} mode "
            f"differs from the reference's by up to {err:.3g}: check the layers against the stub's docstring")


def test_generator_batchnorm_momentum_is_0_9(kata):
    """Catches a BatchNorm momentum other than 0.9 (or global statistics in
    training): after one training forward and backward, each moving mean must
    be 0.9 * 0 + 0.1 * the batch mean of its input, each moving variance
    0.9 * 1 + 0.1 * the batch variance."""
    sym = kata.generator_symbol(nz=SMALL["nz"], ngf=SMALL["ngf"])
    internals = sym.get_internals()
    feeds = [f"g{i}_output" for i in (1, 2, 3)]
    missing = [f for f in feeds if f not in internals.list_outputs()]
    assert not missing, f"the generator has no layers named {[f[:-7] for f in missing]} (g1, g2, g3 feed gbn1, gbn2, gbn3)"
    exe = sym.simple_bind(mx.cpu(), rand=(B, SMALL["nz"], 1, 1), digit=(B, 10),
                          grad_req={a: ("null" if a in G_INPUTS else "write") for a in sym.list_arguments()})
    probe = mx.sym.Group([internals[f] for f in feeds]).simple_bind(
        mx.cpu(), grad_req="null", rand=(B, SMALL["nz"], 1, 1), digit=(B, 10))
    rng = np.random.RandomState(5)
    _, digits, noise = batch(5)
    for name, arr in exe.arg_dict.items():
        if name in G_INPUTS:
            continue
        value = 1.0 if name.endswith("gamma") else 0.0 if name.endswith(("beta", "bias")) else rng.normal(0, 0.5, arr.shape)
        arr[:] = value
        if name in probe.arg_dict:
            probe.arg_dict[name][:] = value
    for name, arr in exe.aux_dict.items():
        arr[:] = 1.0 if name.endswith("var") else 0.0
        if name in probe.aux_dict:
            probe.aux_dict[name][:] = arr
    exe.forward(is_train=True, rand=mx.nd.array(noise), digit=mx.nd.array(digits))
    exe.backward([mx.nd.ones(exe.outputs[0].shape)])
    inputs = [o.asnumpy().astype(np.float64) for o in probe.forward(is_train=True, rand=mx.nd.array(noise),
                                                                    digit=mx.nd.array(digits))]
    for i, x in enumerate(inputs, start=1):
        want_mean, want_var = 0.1 * x.mean(axis=(0, 2, 3)), 0.9 + 0.1 * x.var(axis=(0, 2, 3))
        got_mean = exe.aux_dict[f"gbn{i}_moving_mean"].asnumpy()
        got_var = exe.aux_dict[f"gbn{i}_moving_var"].asnumpy()
        assert np.allclose(got_mean, want_mean, rtol=1e-3, atol=1e-5) and np.allclose(got_var, want_var, rtol=1e-3, atol=1e-5), (
            f"gbn{i} after one training pass: moving mean {np.round(got_mean[:3], 4).tolist()}..., variance "
            f"{np.round(got_var[:3], 4).tolist()}...; with momentum 0.9 expected mean "
            f"{np.round(want_mean[:3], 4).tolist()}..., variance {np.round(want_var[:3], 4).tolist()}...")


# --------------------------------------------------------------- executors

def test_make_executors_binds_and_initialises(kata):
    """Catches weights left at zero or drawn with the wrong scale (N(0, 0.02)),
    gammas, betas, biases or moving statistics not starting at 1, 0, 0 and
    0 / 1, gradients bound for the inputs, and a D_back without a 'data' gradient."""
    gan = kata.make_executors(B, **SMALL)
    assert tuple(gan.G.outputs[0].shape) == (B, 1, 28, 28), (
        f"G's output should be (B, 1, 28, 28) = {(B, 1, 28, 28)}, got {tuple(gan.G.outputs[0].shape)}")
    for part, exe, inputs in (("G", gan.G, G_INPUTS), ("D", gan.D, D_INPUTS)):
        for n, a in exe.arg_dict.items():
            value = a.asnumpy()
            if n.endswith("weight") and a.size >= 500:
                assert 0.015 < value.std() < 0.025, f"{part}'s {n} has std {value.std():.4f}, expected N(0, 0.02)"
            want = 1.0 if n.endswith("gamma") else 0.0 if n.endswith(("beta", "bias")) else None
            if want is not None:
                assert np.all(value == want), f"{part}'s {n} should start at {want}, got {value.ravel()[:4]}..."
        for n, a in exe.aux_dict.items():
            want = 1.0 if n.endswith("var") else 0.0
            assert np.all(a.asnumpy() == want), f"{part}'s {n} should start at {want}, got {a.asnumpy().ravel()[:4]}..."
        for n in ("rand", "label", "data"):
            if n in exe.grad_dict:
                assert exe.grad_dict[n] is None, f"{part} should not compute a gradient for input {n!r}"
    assert gan.D_back.grad_dict.get("data") is not None, (
        "D_back must compute a gradient for 'data' ('write'): G learns from that gradient")


def test_cgan_object_holds_what_the_docstring_lists(kata):
    """Catches G_params / D_params that hold the inputs or another order, a
    batch_size or nz that is not the int asked for, and one updater shared
    by G and D (their Adam states would mix)."""
    gan = kata.make_executors(3, nz=5, ngf=4, ndf=4)
    for attr, exe, inputs in (("G_params", gan.G, G_INPUTS), ("D_params", gan.D, D_INPUTS)):
        want = [n for n in exe.arg_dict if n not in inputs]
        got = getattr(gan, attr)
        assert isinstance(got, list) and [str(n) for n in got] == want, (
            f"gan.{attr}: expected the list {want} (arg_dict order, no inputs), got {got!r}")
    for attr, want in (("batch_size", 3), ("nz", 5)):
        got = getattr(gan, attr)
        assert type(got) is int and got == want, f"gan.{attr}: expected the int {want}, got {type(got).__name__} {got!r}"
    assert gan.G_updater is not gan.D_updater, "G and D need an updater each: one shared updater mixes their Adam states"
    assert set(gan.G_symbol.list_arguments()) == set(gan.G.arg_dict), (
        f"gan.G_symbol should be G's symbol: its arguments {gan.G_symbol.list_arguments()}, G's {sorted(gan.G.arg_dict)}")


def test_make_executors_uses_lr_beta1_and_sigma_it_is_given(kata):
    """Catches lr, beta1 or sigma accepted and ignored, and Adam without
    rescale_grad = 1 / batch_size."""
    lr, beta1, sigma, batch_size = 1e-3, 0.7, 0.05, 8
    gan = kata.make_executors(batch_size, nz=8, ngf=16, ndf=16, lr=lr, beta1=beta1, sigma=sigma)
    for who, updater in (("G_updater", gan.G_updater), ("D_updater", gan.D_updater)):
        opt = getattr(updater, "optimizer", None)
        assert isinstance(opt, mx.optimizer.Adam), (
            f"gan.{who} should be mx.optimizer.get_updater(mx.optimizer.Adam(...)), its optimizer is {opt!r}")
        for setting, want in (("lr", lr), ("beta1", beta1), ("rescale_grad", 1 / batch_size)):
            got = float(getattr(opt, setting))
            assert math.isclose(got, want, rel_tol=1e-9), (
                f"make_executors({batch_size}, lr={lr}, beta1={beta1}): gan.{who}'s Adam has {setting}={got}, expected {want}")
    for part, exe, inputs in (("G", gan.G, G_INPUTS), ("D", gan.D, D_INPUTS)):
        for n, a in exe.arg_dict.items():
            if n.endswith("weight") and a.size >= 2000:
                std = float(a.asnumpy().std())
                assert abs(std - sigma) < 0.1 * sigma, (
                    f"make_executors(sigma={sigma}): {part}'s {n} has std {std:.4f}, expected N(0, {sigma})")


def test_make_executors_puts_every_array_on_ctx(kata):
    """Catches ctx accepted and ignored: every input, weight, gradient and
    moving statistic of G, D and D_back, and what a step and generate_digits
    compute, must live on the context asked for; ctx=None means mx.cpu()."""
    wanted = mx.cpu(1)  # a second CPU context: any machine has it, and it is not the default
    gan = kata.make_executors(B, ctx=wanted, **SMALL)
    for part in ("G", "D", "D_back"):
        exe = getattr(gan, part)
        arrays = {**{f"argument {n}": a for n, a in exe.arg_dict.items()},
                  **{f"gradient of {n}": a for n, a in exe.grad_dict.items() if a is not None},
                  **{f"statistic {n}": a for n, a in exe.aux_dict.items()}}
        elsewhere = sorted(f"{n} on {a.context}" for n, a in arrays.items() if a.context != wanted)
        assert not elsewhere, f"make_executors(ctx={wanted}): {part} holds arrays elsewhere: {elsewhere}"
    images, digits, noise = batch()
    run("train_step", kata.train_step, gan, images, digits, noise=noise)
    got = gan.G.outputs[0].context
    assert got == wanted, f"after train_step on a CGAN made for {wanted}, G's output is on {got}"
    out = run("generate_digits", kata.generate_digits, 3, 2, gan)
    assert type(out) is np.ndarray, f"generate_digits must return a numpy array, got {type(out).__name__}"
    gan = kata.make_executors(B, **SMALL)
    elsewhere = sorted(f"{part} {n} on {a.context}" for part in ("G", "D", "D_back")
                       for n, a in getattr(gan, part).arg_dict.items() if a.context != mx.cpu())
    assert not elsewhere, f"make_executors(ctx=None) means mx.cpu(); arrays elsewhere: {elsewhere}"


def test_generate_digits_changes_with_the_digit_only(kata):
    """Catches a generator that ignores the digit, inference that is random
    for fixed noise, and a wrong output shape or range."""
    gan = kata.make_executors(B, **SMALL)
    n = 6
    noise = np.random.RandomState(1).normal(size=(n, SMALL["nz"], 1, 1)).astype(np.float32)
    threes = np.asarray(kata.generate_digits(3, n, gan, noise=noise))
    again = np.asarray(kata.generate_digits(3, n, gan, noise=noise))
    sevens = np.asarray(kata.generate_digits(7, n, gan, noise=noise))
    assert threes.shape == (n, 1, 28, 28), f"expected {(n, 1, 28, 28)}, got {threes.shape}"
    assert np.abs(threes).max() <= 1, "a tanh generator's images lie in [-1, 1]"
    np.testing.assert_allclose(threes, again, atol=1e-6, err_msg="same noise and digit, different images")
    diff = np.abs(threes - sevens).max(axis=(1, 2, 3))
    assert (diff > 1e-6).all(), f"digit 3 and digit 7 from the same noise give the same images ({diff})"


def trained(kata, steps=3, n=B):
    """A small CGAN after a few training steps (weights and moving statistics moved)."""
    gan = kata.make_executors(n, lr=0.01, **SMALL)
    for step in range(steps):
        images, digits, noise = batch(10 + step, n=n)
        run("train_step", kata.train_step, gan, images, digits, noise=noise)
    return gan


def test_generate_digits_uses_the_trained_weights_and_moving_statistics(kata):
    """Catches generation in training mode (batch statistics), fresh moving
    statistics instead of G's, weights not copied, and a wrong dtype or
    type: after a few training steps, generate_digits must give what G's
    weights and moving statistics give in inference mode."""
    gan = trained(kata)
    g_weights, g_stats = params(gan.G, G_INPUTS), aux(gan.G)
    moved = sorted(n for n, v in g_stats.items() if not np.all(v == (1.0 if n.endswith("var") else 0.0)))
    assert moved, "test setup: three train_steps should have moved G's BatchNorm moving statistics"
    digits = [4, 0, 9, 3, 7]
    noise = np.random.RandomState(3).normal(size=(len(digits), SMALL["nz"], 1, 1)).astype(np.float32)
    out = run("generate_digits", kata.generate_digits, digits, len(digits), gan, noise=noise)
    assert type(out) is np.ndarray, f"generate_digits must return a numpy array (np.ndarray), got {type(out).__name__}"
    assert out.dtype == np.float32, f"generate_digits must return float32 images, got {out.dtype}"
    assert tuple(int(d) for d in out.shape) == (5, 1, 28, 28), f"expected shape (5, 1, 28, 28), got {out.shape}"
    want = Manual(kata, n=len(digits)).fake(g_weights, g_stats, noise, one_hot(digits), is_train=False)
    err = np.abs(out - want).max()
    assert np.allclose(out, want, rtol=1e-4, atol=1e-5), (
        f"generate_digits differs from G in inference mode (G's weights and moving statistics) by up to {err:.3g}")
    unchanged = changed(g_weights, params(gan.G, G_INPUTS)) + changed(g_stats, aux(gan.G))
    assert not unchanged, f"generate_digits changed G's weights or statistics {unchanged}"


def test_generate_digits_image_does_not_depend_on_its_batch_mates(kata):
    """Catches BatchNorm in training mode at generation: an image must be
    the same whether drawn alone or with others."""
    gan = trained(kata)
    noise = np.random.RandomState(4).normal(size=(4, SMALL["nz"], 1, 1)).astype(np.float32)
    together = np.asarray(run("generate_digits", kata.generate_digits, 3, 4, gan, noise=noise))
    alone = np.asarray(run("generate_digits", kata.generate_digits, 3, 1, gan, noise=noise[:1]))
    err = np.abs(together[0] - alone[0]).max()
    assert np.allclose(together[0], alone[0], rtol=1e-4, atol=1e-5), (
        f"the first of 4 images differs from the same image drawn alone (n=1) by up to {err:.3g}: "
        "generate with forward(is_train=False), so BatchNorm uses the moving statistics")


def test_generate_digits_takes_one_digit_per_image(kata):
    """Catches a sequence of digits read as one digit, or numpy ints refused:
    image i of generate_digits(digits, n) is generate_digits(digits[i], 1)."""
    gan = trained(kata, steps=1)
    digits = [7, 1, 0, 9, 4]
    noise = np.random.RandomState(6).normal(size=(5, SMALL["nz"], 1, 1)).astype(np.float32)
    for form in (list, tuple, np.array):
        out = np.asarray(run("generate_digits", kata.generate_digits, form(digits), 5, gan, noise=noise))
        for i, d in enumerate(digits):
            one = np.asarray(run("generate_digits", kata.generate_digits, np.int64(d), 1, gan, noise=noise[i:i + 1]))
            assert np.allclose(out[i], one[0], rtol=1e-4, atol=1e-5), (
                f"generate_digits({form.__name__}({digits}), 5): image {i} should be digit {d}, as "
                f"generate_digits({d}, 1) draws it from the same noise; they differ by {np.abs(out[i] - one[0]).max():.3g}")


@pytest.mark.parametrize("digit, n", [(-1, 2), (10, 2), ([1, 2, 12], 3), ([1, -2, 3], 3), ([1, 2], 3), ([1, 2, 3, 4], 3)])
def test_generate_digits_rejects_digits_it_cannot_draw(kata, digit, n):
    """Catches digits outside 0..9 drawn anyway (-1 silently read as 9, 10
    an IndexError) and a sequence whose length is not n."""
    gan = kata.make_executors(B, **SMALL)
    with pytest.raises(ValueError):
        kata.generate_digits(digit, n, gan)
        mx.nd.waitall()
        pytest.fail(f"generate_digits({digit!r}, {n}) should raise ValueError")


def test_generate_digits_draws_standard_normal_noise_when_none(kata):
    """Catches noise=None drawn from another distribution or shape:
    generate_digits(d, n, gan) must use mx.nd.random.normal(0, 1,
    shape=(n, nz, 1, 1), ctx=gan.ctx)."""
    gan = kata.make_executors(B, **SMALL)
    mx.random.seed(11)
    drawn = np.asarray(run("generate_digits", kata.generate_digits, 5, 6, gan))
    mx.random.seed(11)
    noise = mx.nd.random.normal(0, 1, shape=(6, SMALL["nz"], 1, 1), ctx=gan.ctx)
    given_noise = np.asarray(run("generate_digits", kata.generate_digits, 5, 6, gan, noise=noise))
    assert np.allclose(drawn, given_noise, rtol=1e-5, atol=1e-6), (
        "generate_digits(5, 6, gan) after mx.random.seed(11) differs from the images of the noise "
        "mx.nd.random.normal(0, 1, shape=(6, nz, 1, 1), ctx=gan.ctx) drawn after the same seed")


# ---------------------------------------------------------- training steps

def test_d_step_leaves_G_unchanged(kata):
    """Catches a D step that also updates the generator."""
    gan = kata.make_executors(B, **SMALL)
    images, digits, noise = batch()
    before = params(gan.G, G_INPUTS)
    run("d_step", kata.d_step, gan, images, digits, noise)
    moved = changed(before, params(gan.G, G_INPUTS))
    assert not moved, f"the D step changed G's parameters {moved}"


def test_d_step_trains_on_fakes_labelled_0_then_reals_labelled_1(kata):
    """Catches the real and fake labels swapped, the two passes in the other
    order, one update on the summed gradients, the fakes drawn in inference
    mode, and G updated in D's step: D's first update must apply the
    gradient of D on G's fakes against label 0, its second the gradient of
    the once-updated D on the real images against label 1."""
    gan = kata.make_executors(B, **SMALL)
    images, digits, noise = batch()
    g_weights, g_stats = params(gan.G, G_INPUTS), aux(gan.G)
    g_spy, d_spy = spy_on(gan)
    run("d_step", kata.d_step, gan, images, digits, noise)
    assert not g_spy.calls, f"d_step called G's updater {len(g_spy.calls)} times; only D learns in D's step"
    rounds = d_spy.rounds()
    weights = set(gan.D_params)
    assert len(rounds) == 2 and all(set(r) == weights for r in rounds), (
        f"d_step should update each of D's weights {sorted(weights)} twice (after the fake pass, then after "
        f"the real pass); the updater saw {[sorted(r) for r in rounds]}")
    manual = Manual(kata)
    fake = manual.fake(g_weights, g_stats, noise, digits)
    for k, (what, x, label) in enumerate((("G's fakes", fake, 0), ("the real images", images, 1))):
        before = {n: w for n, (_, w) in rounds[k].items()}
        applied = {n: g for n, (g, _) in rounds[k].items()}
        _, expected, _ = manual.d_pass(before, x, digits, label)
        bad = mismatches(applied, expected)
        if bad:
            _, other, _ = manual.d_pass(before, x, digits, 1 - label)
            hint = (f" (it matches {what} against label {1 - label}: the labels are swapped)"
                    if not mismatches(applied, other) else "")
            pytest.fail(f"D's update {k + 1} should follow the gradient of D on {what} against label {label}; "
                        f"these differ{hint}: {', '.join(bad)}")


def test_d_step_returns_the_loss_of_both_verdicts(kata):
    """Catches D's loss read from an output buffer the next forward
    overwrote (the fake pass's verdicts kept as D.outputs[0], then the real
    pass writes there: the loss reads the real verdicts twice), the two
    losses averaged, or taken from the wrong passes. D separates fakes from
    reals here, so each mistake shows."""
    gan = kata.make_executors(B, **SMALL)
    images = np.ones((B, 1, 28, 28), np.float32)         # bright 'real' images
    _, digits, noise = batch()
    separating_d(kata, gan, images, digits, noise)
    g_weights, g_stats = params(gan.G, G_INPUTS), aux(gan.G)
    _, d_spy = spy_on(gan)
    loss = as_float(run("d_step", kata.d_step, gan, images, digits, noise), "d_step's loss")
    rounds = d_spy.rounds()
    assert len(rounds) == 2, f"d_step should update D twice, the updater saw {len(rounds)} rounds"
    manual = Manual(kata)
    fake = manual.fake(g_weights, g_stats, noise, digits)
    p_fake = manual.d_pass({n: w for n, (_, w) in rounds[0].items()}, fake, digits, 0)[0]
    p_real = manual.d_pass({n: w for n, (_, w) in rounds[1].items()}, images, digits, 1)[0]
    want = bce(p_fake, 0) + bce(p_real, 1)
    assert math.isclose(loss, want, rel_tol=1e-4, abs_tol=1e-5), (
        f"with mean D(fake) = {p_fake.mean():.3f} and mean D(real) = {p_real.mean():.3f}, d_step should return "
        f"mean(-log(1 - p_fake)) + mean(-log(p_real)) = {want:.4f}, got {loss:.4f}"
        + (" (that is the real verdicts read twice: copy D's output of the fake pass before the real pass "
           "overwrites it)" if math.isclose(loss, bce(p_real, 0) + bce(p_real, 1), rel_tol=1e-4) else ""))


def test_g_step_returns_the_loss_of_D_on_the_fakes(kata):
    """Catches G's loss computed against label 0, from the wrong pass or
    averaged over something else: g_step returns mean(-log(p)) with p
    D's verdicts on G's fakes (D separates fakes from reals here)."""
    gan = kata.make_executors(B, **SMALL)
    images = np.ones((B, 1, 28, 28), np.float32)
    _, digits, noise = batch()
    separating_d(kata, gan, images, digits, noise)
    g_weights, g_stats, d_weights = params(gan.G, G_INPUTS), aux(gan.G), params(gan.D, D_INPUTS)
    loss = as_float(run("g_step", kata.g_step, gan, digits, noise), "g_step's loss")
    manual = Manual(kata)
    p = manual.d_pass(d_weights, manual.fake(g_weights, g_stats, noise, digits), digits, 1)[0]
    want = bce(p, 1)
    assert math.isclose(loss, want, rel_tol=1e-4, abs_tol=1e-5), (
        f"with mean D(G(z)) = {p.mean():.3f}, g_step should return mean(-log(D(G(z)))) = {want:.4f}, got {loss:.4f}")


@pytest.mark.parametrize("says", ["real", "fake"])
def test_losses_stay_finite_when_D_is_certain(kata, says):
    """Catches log(0): a D that is sure (outputs exactly 1, or exactly 0, on
    every image) must still give finite losses (clip the probabilities)."""
    gan = kata.make_executors(B, **SMALL)
    gan.D.arg_dict["d3_weight"][:] = 0
    gan.D.arg_dict["d3_bias"][:] = 1000.0 if says == "real" else -1000.0
    images, digits, noise = batch()
    losses = run("train_step", kata.train_step, gan, images, digits, noise=noise)
    assert isinstance(losses, dict), f"train_step must return a dict, got {type(losses).__name__}"
    got = {k: as_float(losses.get(k), f"train_step(...)[{k!r}]") for k in ("loss_D", "loss_G")}
    bad = {k: v for k, v in got.items() if not math.isfinite(v)}
    assert not bad, (f"D outputs exactly {1 if says == 'real' else 0} on every image, and train_step returned "
                     f"{bad}: clip the probabilities (e.g. to [1e-7, 1 - 1e-7]) before taking logs")


def test_g_step_leaves_D_unchanged_and_moves_every_G_parameter(kata):
    """Catches a G step that updates D (or D's moving copy of the weights),
    and G parameters that get no gradient."""
    gan = kata.make_executors(B, **SMALL)
    images, digits, noise = batch()
    d_before, g_before = params(gan.D, D_INPUTS), params(gan.G, G_INPUTS)
    run("g_step", kata.g_step, gan, digits, noise)
    moved = changed(d_before, params(gan.D, D_INPUTS))
    assert not moved, f"the G step changed D's parameters {moved}"
    g = grads(gan.G, G_INPUTS)
    dead = sorted(n for n in g_before if n not in g or not np.abs(g[n]).max() > 0)
    assert not dead, f"G's parameters {dead} got no (or a zero) gradient in the G step"
    still = sorted(set(g_before) - set(changed(g_before, params(gan.G, G_INPUTS))))
    assert not still, f"the G step did not update G's parameters {still}"


def test_G_learns_only_through_D_data_gradient(kata):
    """Catches G's backward fed anything but D's gradient with respect to the
    fake images: when D is blind (all its weights zero) that gradient is
    zero, so G's gradients must be zero and G must not move."""
    gan = kata.make_executors(B, **SMALL)
    _, digits, noise = batch()
    for n, a in gan.D.arg_dict.items():
        if n not in D_INPUTS:
            a[:] = 0
    g_before = params(gan.G, G_INPUTS)
    run("g_step", kata.g_step, gan, digits, noise)
    g = grads(gan.G, G_INPUTS)
    nonzero = sorted(n for n in g if np.abs(g[n]).max() > 0)
    assert not nonzero, f"D is blind, yet G's parameters {nonzero} got a non-zero gradient"
    moved = changed(g_before, params(gan.G, G_INPUTS))
    assert not moved, f"D is blind, yet the G step moved {moved}"


def test_G_step_gradients_do_not_accumulate(kata):
    """Catches grad_req 'add' on the G step's executors: a second G step
    after D went blind must see zero gradients, not the first step's."""
    gan = kata.make_executors(B, **SMALL)
    images, digits, noise = batch()
    run("train_step", kata.train_step, gan, images, digits, noise=noise)
    for n, a in gan.D.arg_dict.items():
        if n not in D_INPUTS:
            a[:] = 0
    run("g_step", kata.g_step, gan, digits, noise)
    g = grads(gan.G, G_INPUTS)
    nonzero = sorted(n for n in g if np.abs(g[n]).max() > 0)
    assert not nonzero, (f"D is blind, yet G's parameters {nonzero} got a non-zero gradient: "
                         "gradients left over from the previous step (grad_req 'add'?)")
    d_back = gan.D_back.grad_dict["data"].asnumpy()
    assert np.abs(d_back).max() == 0, "D_back's 'data' gradient kept the previous step's values"


@pytest.mark.parametrize("n, as_nd", [(B, False), (1, True)])
def test_two_train_steps_agree_with_the_reference(kata, reference, n, as_nd):
    """Catches any difference from the reference iteration (D on fakes then
    reals, each with its own Adam update, then G through D_back) that the
    targeted tests miss: the same weights and batches must give the same
    losses, weights and BatchNorm moving statistics after each of two steps,
    for batches of 4 and of 1, from numpy arrays or NDArrays. The reference
    runs on your own symbols, so your choice of BatchNorm eps does not matter."""
    ours = kata.make_executors(n, **SMALL)
    ref = reference_on_kata_symbols(reference, kata)(n, **SMALL)
    copy_weights(ours, ref)
    for step in range(2):
        images, digits, noise = batch(20 + step, n=n)
        if as_nd:
            images, digits, noise = (mx.nd.array(x) for x in (images, digits, noise))
        losses = run("train_step", kata.train_step, ours, images, digits, noise=noise)
        want = reference.train_step(ref, images, digits, noise=noise)
        assert isinstance(losses, dict), f"train_step must return a dict, got {type(losses).__name__}"
        for key, value in want.items():
            got = as_float(losses.get(key), f"train_step(...)[{key!r}]")
            assert math.isclose(got, value, rel_tol=1e-4, abs_tol=1e-5), (
                f"step {step + 1} (batch {n}): {key} = {got:.6g}, the reference's is {value:.6g}")
        for part, inputs in (("G", G_INPUTS), ("D", D_INPUTS)):
            exe, theirs = getattr(ours, part), getattr(ref, part)
            off = mismatches(params(exe, inputs), params(theirs, inputs))
            assert not off, (f"after step {step + 1} (batch {n}), {part}'s weights differ from the reference's: "
                             f"{off}")
            off = mismatches(aux(exe), aux(theirs))
            assert not off, (
                f"after step {step + 1} (batch {n}), {part}'s BatchNorm moving statistics differ from the "
                f"reference's: {off}; they move (momentum 0.9) once per training backward pass through G, "
                "one per step (the G step's)")


def test_train_step_draws_fresh_standard_normal_noise_when_none(kata):
    """Catches noise=None drawn once and reused, from another distribution
    (U(-1, 1), N(0, 0.02)) or of another shape: two steps with noise=None
    after mx.random.seed(s) must equal two steps with the noise
    mx.nd.random.normal(0, 1, shape=(B, nz, 1, 1), ctx=gan.ctx) drawn after
    the same seed."""
    drawn = kata.make_executors(B, **SMALL)
    given_noise = kata.make_executors(B, **SMALL)
    copy_weights(given_noise, drawn)
    mx.random.seed(13)
    for step in range(2):
        images, digits, _ = batch(30 + step)
        run("train_step", kata.train_step, drawn, images, digits)
    mx.random.seed(13)
    for step in range(2):
        images, digits, _ = batch(30 + step)
        noise = mx.nd.random.normal(0, 1, shape=(B, SMALL["nz"], 1, 1), ctx=given_noise.ctx)
        run("train_step", kata.train_step, given_noise, images, digits, noise=noise)
    off = mismatches(params(drawn.G, G_INPUTS), params(given_noise.G, G_INPUTS))
    assert not off, ("two train_steps with noise=None after mx.random.seed(13) should train G exactly as two "
                     "with the noise mx.nd.random.normal(0, 1, shape=(B, nz, 1, 1), ctx=gan.ctx) drawn fresh "
                     f"at each step after the same seed; G's weights differ: {off}")


# ------------------------------------------------------------ the signatures


PUBLIC = ["generator_symbol", "digit_planes", "discriminator_symbol", "CGAN", "make_executors", "generate", "d_step", "g_step", "train_step", "generate_digits"]


@pytest.mark.parametrize("name", PUBLIC)
def test_signatures_are_the_stubs(kata, reference, name):
    """Catches a changed default or a renamed or reordered argument (the demos
    and the benchmarks call these functions with their defaults and names)."""
    S.assert_same_signature(kata, reference, name)


def test_defaults_are_the_r_demo_s(kata):
    """Catches a default changed in the code (nz, ngf, ndf, lr, beta1,
    sigma, the planes' size): called without those arguments, the functions
    build the R demo's CGAN (nz = 100, ngf = ndf = 64, 28x28 planes)."""
    planes = kata.digit_planes(mx.sym.Variable("digit"))
    _, outs, _ = planes.infer_shape(digit=(2, 10))
    assert tuple(outs[0]) == (2, 10, 28, 28), f"digit_planes(digit): expected (2, 10, 28, 28), got {tuple(outs[0])}"
    gan = kata.make_executors(2)
    want = {"G rand": (2, 100, 1, 1), "G g1_weight": (110, 128, 7, 7), "D d1_weight": (64, 11, 4, 4),
            "D d2_weight": (128, 64, 4, 4)}
    got = {k: tuple(getattr(gan, k.split()[0]).arg_dict[k.split()[1]].shape)
           if k.split()[1] in getattr(gan, k.split()[0]).arg_dict else None for k in want}
    assert got == want, f"make_executors(2) with the default nz, ngf and ndf: expected {want}, got {got}"
    for who, updater in (("G_updater", gan.G_updater), ("D_updater", gan.D_updater)):
        opt = updater.optimizer
        got = (float(opt.lr), float(opt.beta1))
        assert got == (2e-4, 0.5), f"gan.{who}: the default Adam is (lr, beta1) = (0.0002, 0.5), got {got}"
    std = float(gan.G.arg_dict["g1_weight"].asnumpy().std())
    assert abs(std - 0.02) < 0.002, f"make_executors(2): the default sigma is 0.02, G's g1_weight has std {std:.4f}"
    g_args, _, _ = kata.generator_symbol().infer_shape(rand=(1, 100, 1, 1), digit=(1, 10))
    d_args, _, _ = kata.discriminator_symbol().infer_shape(data=(1, 1, 28, 28), digit=(1, 10), label=(1,))
    g1 = dict(zip(kata.generator_symbol().list_arguments(), g_args)).get("g1_weight")
    d1 = dict(zip(kata.discriminator_symbol().list_arguments(), d_args)).get("d1_weight")
    assert (g1, d1) == ((110, 128, 7, 7), (64, 11, 4, 4)), (
        f"generator_symbol() and discriminator_symbol(): expected g1_weight (110, 128, 7, 7) and d1_weight "
        f"(64, 11, 4, 4), got {g1} and {d1}")
