"""Tests of the cgan kata: a conditional GAN with Symbol + executors.

Each test names, in its docstring, the mistake it is there to catch.
Cheap shape checks come first, training-step checks last.
"""
import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

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


def grads(exe, inputs):
    return {n: exe.grad_dict[n].asnumpy().copy() for n in exe.arg_dict
            if n not in inputs and exe.grad_dict.get(n) is not None}


def changed(before, after, tol=0.0):
    return sorted(n for n in before if np.abs(before[n] - after[n]).max() > tol)


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
        pytest.fail(f"{what} failed inside MXNet: {first.strip()}\n(hint: in the G step, "
                    "G.backward(out_grads=[...]) takes D_back's gradient with respect to its "
                    "'data' input, shape (B, 1, 28, 28))")


def d_margin(gan, real, fake, digits):
    """mean D(real) - mean D(fake), from D's executor (batch statistics)."""
    out = []
    for images in (real, fake):
        gan.D.arg_dict["data"][:] = images
        gan.D.arg_dict["digit"][:] = digits
        gan.D.forward(is_train=True)
        out.append(gan.D.outputs[0].asnumpy().mean())
    return out[0] - out[1]


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


# --------------------------------------------------------------- executors

def test_make_executors_binds_and_initialises(kata):
    """Catches weights left at zero or drawn with the wrong scale (N(0, 0.02)),
    gradients bound for the inputs, and a D_back without a 'data' gradient."""
    gan = kata.make_executors(B, **SMALL)
    assert gan.G.outputs[0].shape == (B, 1, 28, 28)
    for part, exe, inputs in (("G", gan.G, G_INPUTS), ("D", gan.D, D_INPUTS)):
        for n, a in exe.arg_dict.items():
            if n.endswith("weight") and a.size >= 500:
                std = a.asnumpy().std()
                assert 0.015 < std < 0.025, f"{part}'s {n} has std {std:.4f}, expected N(0, 0.02)"
        for n in ("rand", "label"):
            if n in exe.grad_dict:
                assert exe.grad_dict[n] is None, f"{part} should not compute a gradient for input {n!r}"
    assert gan.D_back.grad_dict.get("data") is not None, (
        "D_back must be bound with grad_req 'write' for 'data': G learns from that gradient")


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


# ---------------------------------------------------------- training steps

def test_d_step_leaves_G_unchanged(kata):
    """Catches a D step that also updates the generator."""
    gan = kata.make_executors(B, **SMALL)
    images, digits, noise = batch()
    before = params(gan.G, G_INPUTS)
    run("d_step", kata.d_step, gan, images, digits, noise)
    moved = changed(before, params(gan.G, G_INPUTS))
    assert not moved, f"the D step changed G's parameters {moved}"


def test_d_step_labels_real_one_and_fake_zero(kata):
    """Catches the real and fake labels swapped: after D's update, D must
    think the real batch more real and the fake batch more fake."""
    gan = kata.make_executors(B, lr=0.01, **SMALL)
    images, digits, noise = batch()
    fake = kata.generate(gan, noise, digits).asnumpy().copy()
    before = d_margin(gan, images, fake, digits)
    run("d_step", kata.d_step, gan, images, digits, noise)
    after = d_margin(gan, images, fake, digits)
    assert after > before, (
        f"mean D(real) - mean D(fake) went from {before:.4f} to {after:.4f}: "
        "fakes must be labelled 0 and reals 1")


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


def test_train_step_returns_finite_losses(kata):
    """Catches a train_step that returns nothing or NaN losses."""
    gan = kata.make_executors(B, **SMALL)
    images, digits, noise = batch()
    losses = run("train_step", kata.train_step, gan, images, digits, noise=noise)
    assert set(losses) >= {"loss_D", "loss_G"}, f"expected keys loss_D and loss_G, got {losses}"
    assert all(np.isfinite(float(v)) and float(v) > 0 for v in losses.values()), losses


@settings(max_examples=2)
@given(seed=st.integers(0, 1000))
def test_two_train_steps_agree_with_the_reference(kata, reference, seed):
    """Catches any difference from the reference iteration (D on fakes then
    reals, each with its own Adam update, then G through D_back) that the
    targeted tests miss: same weights, same batches, same results."""
    ours = kata.make_executors(B, **SMALL)
    ref = reference.make_executors(B, **SMALL)
    copy_weights(ours, ref)
    for step in range(2):
        images, digits, noise = batch(seed + step)
        run("train_step", kata.train_step, ours, images, digits, noise=noise)
        reference.train_step(ref, images, digits, noise=noise)
        for part, inputs in (("G", G_INPUTS), ("D", D_INPUTS)):
            a, b = params(getattr(ours, part), inputs), params(getattr(ref, part), inputs)
            off = sorted(n for n in b if not np.allclose(a[n], b[n], rtol=1e-4, atol=1e-5))
            worst = max((np.abs(a[n] - b[n]).max() for n in off), default=0.0)
            assert not off, (f"after step {step + 1}, {part}'s parameters {off} differ from the "
                             f"reference's (largest difference {worst:.2e})")
