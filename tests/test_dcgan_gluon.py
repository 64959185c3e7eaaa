"""Tests of the dcgan_gluon kata: the DCGAN networks and training step with Gluon + autograd.

Each test names, in its docstring, the mistake it is there to catch. The
training-step tests run the kata's d_step / g_step / train_step on networks
built by the reference builders, so they test the step alone; the network
tests use the kata's own builders. Widths and batches are tiny (ngf = ndf = 4,
batch 4): the wiring is what is tested, not the pictures.
"""
import copy

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from mxnet import autograd, gluon

NZ, BATCH, WIDTH = 8, 4, 4
SIZES = (28, 64)


# ------------------------------------------------------------------ helpers

def nc_of(size):
    return 1 if size == 28 else 3   # CPU MXNet cannot backprop a 1-channel ConvT: 64x64 is RGB


def real_batch(size, ctx, seed=1):
    data = np.random.RandomState(seed).uniform(-1, 1, (BATCH, nc_of(size), size, size))
    return mx.nd.array(data, ctx=ctx)


def noise_batch(size, ctx, seed=2):
    rng = np.random.RandomState(seed)
    data = rng.normal(size=(BATCH, NZ, 1, 1)) if size == 64 else rng.uniform(-1, 1, (BATCH, NZ))
    return mx.nd.array(data, ctx=ctx)


def build(module, size, ctx, init=None):
    """G and D from ``module``'s builders, initialised and shape-inferred."""
    netG = module.build_generator(ngf=WIDTH, nc=nc_of(size), image_size=size)
    netD = module.build_discriminator(ndf=WIDTH, image_size=size)
    for net in (netG, netD):
        net.initialize(init or mx.init.Normal(0.02), ctx=ctx)
    netD(netG(noise_batch(size, ctx)))     # deferred initialisation happens here
    mx.nd.waitall()
    return netG, netD


def params(net):
    return list(net.collect_params().values())


def trainable(net):
    return [p for p in params(net) if p.grad_req != "null"]


def copy_params(src, dst):
    for a, b in zip(params(src), params(dst)):
        assert a.shape == b.shape, f"parameter {b.name} has shape {b.shape}, the reference's {a.name} {a.shape}"
        b.set_data(a.data())


def clone(module, size, ctx, netG, netD):
    """A second, independent pair of nets holding the same values."""
    G2, D2 = build(module, size, ctx)
    copy_params(netG, G2)
    copy_params(netD, D2)
    return G2, D2


def values(net):
    return [p.data().asnumpy().copy() for p in trainable(net)]


def trainers(netG, netD, lr=0.05, optimizer="sgd"):
    return (gluon.Trainer(netG.collect_params(), optimizer, {"learning_rate": lr}),
            gluon.Trainer(netD.collect_params(), optimizer, {"learning_rate": lr}))


def changed(before, net):
    """Names of the trainable parameters of ``net`` that differ from ``before``."""
    return [p.name for old, p in zip(before, trainable(net)) if not np.array_equal(old, p.data().asnumpy())]


def unchanged(before, net):
    return [p.name for old, p in zip(before, trainable(net)) if np.array_equal(old, p.data().asnumpy())]


def zero_grads(net):
    for p in trainable(net):
        p.zero_grad()


def nonzero_grads(net):
    return [p.name for p in trainable(net) if np.abs(p.grad().asnumpy()).max() > 0]


def bad_grads(net):
    """Names of parameters whose gradient is missing (all zero) or not finite."""
    out = []
    for p in trainable(net):
        g = p.grad().asnumpy()
        if not np.isfinite(g).all() or np.abs(g).max() == 0:
            out.append(p.name)
    return out


def assert_close_lists(ours, theirs, names, what, rtol=1e-4, atol=1e-5):
    bad = []
    for a, b, name in zip(ours, theirs, names):
        if not np.allclose(a, b, rtol=rtol, atol=atol):
            bad.append(f"{name} (max difference {np.abs(a - b).max():.2e})")
    assert not bad, f"{what}: {len(bad)} parameters differ from the reference: {', '.join(bad[:6])}"


def softplus(x):
    return np.logaddexp(0, x)


# ------------------------------------------------------------------ noise

def test_noise_64_is_standard_normal_nchw(kata, ctx):
    """Catches noise of the wrong shape for the ConvT generator, or not N(0, 1)."""
    z = kata.noise(500, 40, image_size=64, ctx=ctx)
    assert z.shape == (500, 40, 1, 1), f"64x64 noise must be (B, nz, 1, 1) = (500, 40, 1, 1), got {z.shape}"
    x = z.asnumpy()
    assert abs(x.mean()) < 0.03 and abs(x.std() - 1) < 0.03, f"N(0, 1) noise: mean {x.mean():.3f}, std {x.std():.3f}"


def test_noise_28_is_uniform_minus_one_one(kata, ctx):
    """Catches the 28x28 variant fed N(0, 1) noise instead of U(-1, 1), or (B, nz, 1, 1) noise."""
    z = kata.noise(500, 40, image_size=28, ctx=ctx)
    assert z.shape == (500, 40), f"28x28 noise must be flat (B, nz) = (500, 40), got {z.shape}"
    x = z.asnumpy()
    assert x.min() >= -1 and x.max() <= 1, f"U(-1, 1) noise lies in [-1, 1], got {x.min():.2f} to {x.max():.2f}"
    assert abs(x.std() - 1 / np.sqrt(3)) < 0.02 and x.min() < -0.99 and x.max() > 0.99, (
        f"U(-1, 1) noise has std 0.577 and spans [-1, 1]; got std {x.std():.3f}, range "
        f"{x.min():.2f} to {x.max():.2f}")


# ------------------------------------------------------------------ networks

@settings(max_examples=6)
@given(size=st.sampled_from(SIZES), ngf=st.integers(1, 6), batch=st.integers(1, 5))
def test_generator_output_shape(kata, ctx, size, ngf, batch):
    """Catches a ConvT stack that does not reach 64x64 (or 28x28), or a 28x28 G not flattened to 784."""
    nc = nc_of(size)
    netG = kata.build_generator(ngf=ngf, nc=nc, image_size=size)
    assert isinstance(netG, gluon.nn.HybridSequential), f"expected a HybridSequential, got {type(netG).__name__}"
    netG.initialize(mx.init.Normal(0.02), ctx=ctx)
    z = kata.noise(batch, NZ, image_size=size, ctx=ctx)
    want = (batch, nc, 64, 64) if size == 64 else (batch, nc * 28 * 28)
    got = netG(z).shape
    assert got == want, f"G(noise of shape {z.shape}) must have shape {want}, got {got}"


@pytest.mark.parametrize("size", SIZES)
def test_discriminator_gives_one_logit_per_image(kata, ctx, size):
    """Catches a D that does not shrink the image to a single number (or, 28x28, cannot take flat images)."""
    netD = kata.build_discriminator(ndf=WIDTH, image_size=size)
    assert isinstance(netD, gluon.nn.HybridSequential), f"expected a HybridSequential, got {type(netD).__name__}"
    netD.initialize(mx.init.Normal(0.02), ctx=ctx)
    real = real_batch(size, ctx)
    out = netD(real)
    assert out.size == BATCH, f"D on {real.shape} images must give {BATCH} logits, got shape {out.shape}"
    if size == 28:
        flat = netD(real.reshape((BATCH, -1)))
        assert np.allclose(flat.asnumpy().ravel(), out.asnumpy().ravel(), atol=1e-5), (
            "D must reshape flat (B, 784) images to (B, 1, 28, 28) itself: flat and square inputs disagree")


@pytest.mark.parametrize("size", SIZES)
def test_generator_ends_in_tanh(kata, ctx, size):
    """Catches a generator without its final tanh (outputs outside the [-1, 1] of the real data)."""
    netG = kata.build_generator(ngf=WIDTH, nc=nc_of(size), image_size=size)
    netG.initialize(mx.init.Normal(1.0), ctx=ctx)    # big weights: big pre-activations
    with autograd.train_mode():
        out = netG(kata.noise(BATCH, NZ, image_size=size, ctx=ctx)).asnumpy()
    assert np.abs(out).max() <= 1, (
        f"G's images must lie in [-1, 1] like the real ones (a tanh last), got values up to {np.abs(out).max():.1f}")


@pytest.mark.parametrize("size", SIZES)
def test_architecture_matches_the_reference(kata, reference, ctx, size):
    """Catches layers missing, added or reordered (the docstrings fix the architecture,
    so that a trained reference checkpoint loads into your networks)."""
    ours, theirs = build(kata, size, ctx), build(reference, size, ctx)
    for mine, ref, name in zip(ours, theirs, ("generator", "discriminator")):
        got = [p.shape for p in params(mine)]
        want = [p.shape for p in params(ref)]
        assert got == want, f"{name} parameter shapes, in order: expected {want}, got {got}"
        copy_params(ref, mine)
    z, real = noise_batch(size, ctx), real_batch(size, ctx)
    with autograd.train_mode():
        for got, want, what in ((ours[0](z), theirs[0](z), "G(z)"), (ours[1](real), theirs[1](real), "D(x)")):
            assert np.allclose(got.asnumpy(), want.asnumpy(), rtol=1e-4, atol=1e-5), (
                f"with the reference's parameters, {what} differs from the reference's by up to "
                f"{np.abs(got.asnumpy() - want.asnumpy()).max():.2e}")


# ------------------------------------------------------------------ D step

@pytest.mark.parametrize("size", SIZES)
def test_d_step_sends_no_gradient_into_G(kata, reference, ctx, size):
    """Catches the fake not detached in D's step (errD.backward() writes G's gradients)."""
    netG, netD = build(reference, size, ctx)
    trainerG, trainerD = trainers(netG, netD)
    zero_grads(netG)
    before = values(netG)
    kata.d_step(netG, netD, trainerD, real_batch(size, ctx), noise_batch(size, ctx))
    mx.nd.waitall()
    moved = changed(before, netG)
    assert not moved, f"D's step changed the generator's parameters {moved}"
    touched = nonzero_grads(netG)
    assert not touched, (
        f"D's step wrote gradients into the generator's parameters {touched[:5]}: detach the fake "
        "images (fake.detach()) before D sees them in D's step")


@pytest.mark.parametrize("size", SIZES)
def test_d_step_updates_every_D_parameter(kata, reference, ctx, size):
    """Catches a D step that trains on only the real or only the fake batch, or never steps its trainer."""
    netG, netD = build(reference, size, ctx)
    _, trainerD = trainers(netG, netD)
    before = values(netD)
    kata.d_step(netG, netD, trainerD, real_batch(size, ctx), noise_batch(size, ctx))
    mx.nd.waitall()
    missing = bad_grads(netD)
    assert not missing, f"after D's step these D parameters have a zero or non-finite gradient: {missing}"
    still = unchanged(before, netD)
    assert not still, f"D's step left these D parameters unchanged: {still} (call trainerD.step(batch_size))"


@pytest.mark.parametrize("size", SIZES)
def test_d_step_loss_is_real_plus_fake(kata, reference, ctx, size):
    """Catches errD missing one of its halves, or the labels swapped (real must be 1, fake 0)."""
    netG, netD = build(reference, size, ctx)
    _, trainerD = trainers(netG, netD)
    errD, real_logits, fake_logits = kata.d_step(netG, netD, trainerD, real_batch(size, ctx), noise_batch(size, ctx))
    r, f = real_logits.asnumpy().ravel(), fake_logits.asnumpy().ravel()
    want = softplus(-r) + softplus(f)       # -log sigmoid(r) - log(1 - sigmoid(f))
    got = errD.asnumpy().ravel()
    assert got.shape == want.shape and np.allclose(got, want, rtol=1e-4, atol=1e-5), (
        f"errD per image must be -log D(x) - log(1 - D(G(z))) = {np.round(want, 4).tolist()}, "
        f"got {np.round(got, 4).tolist()}")


# ------------------------------------------------------------------ G step

@pytest.mark.parametrize("size", SIZES)
def test_g_step_leaves_D_unchanged_and_updates_every_G_parameter(kata, reference, ctx, size):
    """Catches D stepped in G's step, and G parameters that get no gradient."""
    netG, netD = build(reference, size, ctx)
    trainerG, _ = trainers(netG, netD)
    beforeD, beforeG = values(netD), values(netG)
    kata.g_step(netG, netD, trainerG, noise_batch(size, ctx))
    mx.nd.waitall()
    moved = changed(beforeD, netD)
    assert not moved, f"G's step changed the discriminator's parameters {moved}"
    missing = bad_grads(netG)
    assert not missing, f"after G's step these G parameters have a zero or non-finite gradient: {missing}"
    still = unchanged(beforeG, netG)
    assert not still, f"G's step left these G parameters unchanged: {still}"


@pytest.mark.parametrize("size", SIZES)
def test_g_step_makes_D_more_fooled(kata, reference, ctx, size):
    """Catches G's loss computed against the fake label (G would learn to look fake)."""
    netG, netD = build(reference, size, ctx)
    trainerG, _ = trainers(netG, netD, lr=0.01)
    z = noise_batch(size, ctx)

    def mean_fake_logit():
        with autograd.train_mode():
            return netD(netG(z)).asnumpy().mean()

    before = mean_fake_logit()
    kata.g_step(netG, netD, trainerG, z)
    after = mean_fake_logit()
    assert after > before, (
        f"one small SGD step of G must raise D's logit on G(z) (G wants D to say 'real', label 1): "
        f"mean logit went from {before:.4f} to {after:.4f}")


# ------------------------------------------------------------------ the whole step

@pytest.mark.parametrize("size", SIZES)
def test_train_step_moves_D_only_in_its_D_step(kata, reference, ctx, size):
    """Catches D's trainer also stepped after the G loss (D must not learn from G's loss)."""
    netG, netD = build(reference, size, ctx)
    G2, D2 = clone(reference, size, ctx, netG, netD)
    real, z = real_batch(size, ctx), noise_batch(size, ctx)
    kata.d_step(netG, netD, trainers(netG, netD)[1], real, z)
    trainerG2, trainerD2 = trainers(G2, D2)
    kata.train_step(G2, D2, trainerG2, trainerD2, real, z)
    names = [p.name for p in trainable(netD)]
    try:
        assert_close_lists(values(D2), values(netD), names, "D after train_step vs after d_step alone")
    except AssertionError as err:
        raise AssertionError(f"{err}. D must change only in D's step: step trainerG, not trainerD, "
                             "after errG.backward()") from None


@pytest.mark.parametrize("size", SIZES)
def test_train_step_agrees_with_the_reference(kata, reference, ctx, size):
    """Catches any other difference from the reference step: the batch size not passed to
    Trainer.step (an update B times too big), a stale fake reused for G, the wrong loss."""
    netG, netD = build(reference, size, ctx)
    G2, D2 = clone(reference, size, ctx, netG, netD)
    real, z = real_batch(size, ctx), noise_batch(size, ctx)
    ours = kata.train_step(netG, netD, *trainers(netG, netD), real, z)
    theirs = reference.train_step(G2, D2, *trainers(G2, D2), real, z)
    assert set(ours) >= {"errD", "errG", "d_real", "d_fake"}, f"train_step must return errD, errG, d_real, d_fake; got {sorted(ours)}"
    for key in ("errD", "errG", "d_real", "d_fake"):
        assert np.isclose(float(ours[key]), float(theirs[key]), rtol=1e-4, atol=1e-5), (
            f"{key}: expected {float(theirs[key]):.6f} (the reference), got {float(ours[key]):.6f}")
    for mine, ref, name in ((netG, G2, "G"), (netD, D2, "D")):
        assert_close_lists(values(mine), values(ref), [p.name for p in trainable(ref)],
                           f"{name} after one train_step (SGD, lr 0.05)")


@pytest.mark.parametrize("size", SIZES)
def test_hybridized_step_matches_imperative(kata, ctx, size):
    """Catches networks that break when hybridized (e.g. numpy or NDArray-only code in a layer)."""
    netG, netD = build(kata, size, ctx)
    G2, D2 = clone(kata, size, ctx, netG, netD)
    for net in (G2, D2):
        net.hybridize(static_alloc=True, static_shape=True)
    real, z = real_batch(size, ctx), noise_batch(size, ctx)
    t1, t2 = trainers(netG, netD, optimizer="adam", lr=0.001), trainers(G2, D2, optimizer="adam", lr=0.001)
    for _ in range(2):
        kata.train_step(netG, netD, *t1, real, z)
        kata.train_step(G2, D2, *t2, real, z)
    for mine, hyb, name in ((netG, G2, "G"), (netD, D2, "D")):
        assert_close_lists(values(hyb), values(mine), [p.name for p in trainable(mine)],
                           f"{name} hybridized vs imperative after two steps")
