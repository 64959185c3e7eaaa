"""Tests of the dcgan_gluon kata: the DCGAN networks and training step with Gluon + autograd.

Each test names, in its docstring, the mistake it is there to catch. The
training-step tests run the kata's d_step / g_step / train_step on networks
built by the reference builders, so they test the step alone; the network
tests use the kata's own builders. Widths and batches are tiny (ngf = ndf = 4,
batch 4): the wiring is what is tested, not the pictures.
"""

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from mxnet import autograd, gluon

from tests import strategies as S

NZ, BATCH, WIDTH = 8, 4, 4
SIZES = (28, 64)


# ------------------------------------------------------------------ helpers

def nc_of(size):
    return 1 if size == 28 else 3   # CPU MXNet cannot backprop a 1-channel ConvT: 64x64 is RGB


def real_batch(size, ctx, seed=1, batch=BATCH, nc=None):
    data = np.random.RandomState(seed).uniform(-1, 1, (batch, nc or nc_of(size), size, size))
    return mx.nd.array(data, ctx=ctx)


def noise_batch(size, ctx, seed=2, batch=BATCH):
    rng = np.random.RandomState(seed)
    data = rng.normal(size=(batch, NZ, 1, 1)) if size == 64 else rng.uniform(-1, 1, (batch, NZ))
    return mx.nd.array(data, ctx=ctx)


def build(module, size, ctx, init=None, nc=None):
    """G and D from ``module``'s builders, initialised and shape-inferred."""
    netG = module.build_generator(ngf=WIDTH, nc=nc or nc_of(size), image_size=size)
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


def clone(module, size, ctx, netG, netD, nc=None):
    """A second, independent pair of nets holding the same values."""
    G2, D2 = build(module, size, ctx, nc=nc)
    copy_params(netG, G2)
    copy_params(netD, D2)
    return G2, D2


def values(net):
    return [p.data().asnumpy().copy() for p in trainable(net)]


def all_values(net):
    """Every parameter, the BatchNorm running means and variances included."""
    return [p.data().asnumpy().copy() for p in params(net)]


def assert_same_state(ours, theirs, what):
    """Trainable parameters, then BatchNorm running statistics, compared in order."""
    assert_close_lists(values(ours), values(theirs), [p.name for p in trainable(theirs)], what)
    running = [p for p in params(theirs) if p.grad_req == "null"]
    mine = [p for p in params(ours) if p.grad_req == "null"]
    assert len(mine) == len(running), (
        f"{what}: expected {len(running)} BatchNorm running statistics, got {len(mine)}")
    assert_close_lists([p.data().asnumpy() for p in mine], [p.data().asnumpy() for p in running],
                       [p.name for p in running],
                       f"{what}, BatchNorm running mean and variance (momentum 0.9, moved once per backward "
                       "pass through the layer)", atol=1e-6)


def as_float(value, what):
    """A returned statistic as a plain float; anything but a Python float fails."""
    assert isinstance(value, float) and not isinstance(value, bool), (
        f"{what} must be a Python float (float(x.asscalar())), got {type(value).__name__} {value!r}")
    return float(value)


def as_array(value, what, shape, ctx):
    """A returned NDArray as numpy, after checking its type, shape and context."""
    assert isinstance(value, mx.nd.NDArray), f"{what} must be an NDArray, got {type(value).__name__}"
    got = tuple(int(d) for d in value.shape)
    assert got == shape, f"{what} must have shape {shape}, got {got}"
    assert value.context == ctx, f"{what} must be on {ctx} (the inputs' context), got {value.context}"
    return value.asnumpy()


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
    assert isinstance(z, mx.nd.NDArray), f"noise must return an NDArray, got {type(z).__name__}"
    got = tuple(int(d) for d in z.shape)
    assert got == (500, 40, 1, 1), f"64x64 noise must be (B, nz, 1, 1) = (500, 40, 1, 1), got {got}"
    x = z.asnumpy()
    assert abs(x.mean()) < 0.03 and abs(x.std() - 1) < 0.03, f"N(0, 1) noise: mean {x.mean():.3f}, std {x.std():.3f}"


def test_noise_28_is_uniform_minus_one_one(kata, ctx):
    """Catches the 28x28 variant fed N(0, 1) noise instead of U(-1, 1), or (B, nz, 1, 1) noise."""
    z = kata.noise(500, 40, image_size=28, ctx=ctx)
    assert isinstance(z, mx.nd.NDArray), f"noise must return an NDArray, got {type(z).__name__}"
    got = tuple(int(d) for d in z.shape)
    assert got == (500, 40), f"28x28 noise must be flat (B, nz) = (500, 40), got {got}"
    x = z.asnumpy()
    assert x.min() >= -1 and x.max() <= 1, f"U(-1, 1) noise lies in [-1, 1], got {x.min():.2f} to {x.max():.2f}"
    assert abs(x.std() - 1 / np.sqrt(3)) < 0.02 and x.min() < -0.99 and x.max() > 0.99, (
        f"U(-1, 1) noise has std 0.577 and spans [-1, 1]; got std {x.std():.3f}, range "
        f"{x.min():.2f} to {x.max():.2f}")


@pytest.mark.parametrize("size", SIZES)
def test_noise_is_fresh_float32_on_the_context_asked_for(kata, size):
    """Catches ctx accepted and ignored, ctx=None not meaning the current
    context, noise that is not float32, and the same noise at every call."""
    wanted = mx.cpu(1)  # a second CPU context: any machine has it, and it is not the default
    z = kata.noise(4, 6, image_size=size, ctx=wanted)
    assert isinstance(z, mx.nd.NDArray), f"noise must return an NDArray, got {type(z).__name__}"
    assert z.context == wanted, f"noise(..., ctx={wanted}) returned noise on {z.context}"
    assert z.dtype == np.float32, f"noise must be float32, got {np.dtype(z.dtype).name}"
    with mx.Context(wanted):
        z = kata.noise(4, 6, image_size=size)
    assert z.context == wanted, (
        f"noise(..., ctx=None) must use the current context: inside `with mx.Context({wanted})` it returned "
        f"noise on {z.context}")
    again = kata.noise(4, 6, image_size=size, ctx=wanted)
    assert not np.array_equal(z.asnumpy(), again.asnumpy()), "two calls of noise returned the same batch"


@pytest.mark.parametrize("size", [0, 32, 65])
def test_unsupported_image_size_raises(kata, size):
    """Catches a network or noise silently made for a size the kata does not support."""
    for what, call in (("build_generator", lambda: kata.build_generator(ngf=4, nc=3, image_size=size)),
                       ("build_discriminator", lambda: kata.build_discriminator(ndf=4, image_size=size)),
                       ("noise", lambda: kata.noise(2, 4, image_size=size))):
        with pytest.raises(ValueError):
            call()
            pytest.fail(f"{what}(image_size={size}) should raise ValueError (only 28 and 64 are supported)")


# ------------------------------------------------------------------ networks

@settings(max_examples=8)
@given(size=st.sampled_from(SIZES), ngf=st.integers(1, 6), batch=st.integers(1, 5), nc=st.sampled_from([1, 2, 3]))
def test_generator_output_shape(kata, ctx, size, ngf, batch, nc):
    """Catches a ConvT stack that does not reach 64x64 (or 28x28), a 28x28 G
    not flattened to nc*784, and nc ignored (the tutorial's 3 channels
    hard-coded)."""
    netG = kata.build_generator(ngf=ngf, nc=nc, image_size=size)
    assert isinstance(netG, gluon.nn.HybridSequential), f"expected a HybridSequential, got {type(netG).__name__}"
    netG.initialize(mx.init.Normal(0.02), ctx=ctx)
    z = kata.noise(batch, NZ, image_size=size, ctx=ctx)
    want = (batch, nc, 64, 64) if size == 64 else (batch, nc * 28 * 28)
    got = tuple(int(d) for d in netG(z).shape)
    assert got == want, f"build_generator(ngf={ngf}, nc={nc}, image_size={size}) on noise {z.shape}: expected {want}, got {got}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("nc, batch", [(1, 1), (2, 3), (3, 5)])
def test_discriminator_takes_any_channels_and_batch(kata, ctx, size, nc, batch):
    """Catches a D that reshapes with the wrong batch axis or a fixed channel
    count (a 28x28 D must turn (B, nc*784) into (B, nc, 28, 28)), or that
    does not give one logit per image."""
    netD = kata.build_discriminator(ndf=WIDTH, image_size=size)
    netD.initialize(mx.init.Normal(0.02), ctx=ctx)
    images = real_batch(size, ctx, batch=batch, nc=nc)
    want = (batch, 1, 1, 1) if size == 64 else (batch, 1)
    with autograd.train_mode():
        out = netD(images)
        got = tuple(int(d) for d in out.shape)
        assert got == want, f"D on images {images.shape}: expected logits of shape {want}, got {got}"
        if size == 28:
            flat = netD(images.reshape((batch, -1)))
            assert tuple(int(d) for d in flat.shape) == want and np.allclose(
                flat.asnumpy(), out.asnumpy(), rtol=1e-5, atol=1e-6), (
                f"D on flat images (B, nc*784) = {(batch, nc * 784)} must give what it gives on the same "
                f"images as (B, nc, 28, 28): expected {out.asnumpy().ravel()}, got {flat.asnumpy().ravel()}")


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
        got = [tuple(int(d) for d in p.shape) for p in params(mine)]
        want = [tuple(int(d) for d in p.shape) for p in params(ref)]
        biases = [p.name for p in params(mine) if p.name.endswith("bias")]
        extra = (f" (your {biases} : the docstring says use_bias=False for every layer but D's final Dense)"
                 if len(got) > len(want) and biases else "")
        assert got == want, f"{name} parameter shapes, in order: expected {want}, got {got}{extra}"
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
    """Catches errD missing one of its halves, averaged instead of summed,
    the labels swapped (real must be 1, fake 0), and returned values of the
    wrong shape or type: errD per image is -log D(x) - log(1 - D(G(z))) with
    D's logits from before its update, which must be what D gives."""
    netG, netD = build(reference, size, ctx)
    G0, D0 = clone(reference, size, ctx, netG, netD)
    _, trainerD = trainers(netG, netD)
    real, z = real_batch(size, ctx), noise_batch(size, ctx)
    out = kata.d_step(netG, netD, trainerD, real, z)
    assert isinstance(out, tuple) and len(out) == 3, f"d_step must return (errD, real_logits, fake_logits), got {out!r}"
    got, r, f = (as_array(x, what, (BATCH,), ctx) for x, what in zip(out, ("errD", "real_logits", "fake_logits")))
    with autograd.train_mode():
        want_r = D0(real).asnumpy().ravel()
        want_f = D0(G0(z)).asnumpy().ravel()
    for what, logits, want in (("real_logits", r, want_r), ("fake_logits", f, want_f)):
        assert np.allclose(logits, want, rtol=1e-4, atol=1e-5), (
            f"{what} must be D's logits (before its update, a training pass) on the "
            f"{'real images' if what[0] == 'r' else 'fakes G(z)'}: expected {np.round(want, 4).tolist()}, "
            f"got {np.round(logits, 4).tolist()}")
    want = softplus(-want_r) + softplus(want_f)       # -log sigmoid(r) - log(1 - sigmoid(f))
    assert np.allclose(got, want, rtol=1e-4, atol=1e-5), (
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
    """Catches any other difference from the reference step over two steps:
    the batch size not passed to Trainer.step (an update B times too big),
    a stale fake reused for G, the wrong loss, a BatchNorm momentum other
    than 0.9 or an extra (or missing) pass that moves the running mean and
    variance differently."""
    netG, netD = build(reference, size, ctx)
    G2, D2 = clone(reference, size, ctx, netG, netD)
    t1, t2 = trainers(netG, netD), trainers(G2, D2)
    for step in (1, 2):
        real, z = real_batch(size, ctx, seed=step), noise_batch(size, ctx, seed=10 + step)
        ours = kata.train_step(netG, netD, *t1, real, z)
        theirs = reference.train_step(G2, D2, *t2, real, z)
        assert isinstance(ours, dict) and set(ours) >= {"errD", "errG", "d_real", "d_fake"}, (
            f"train_step must return a dict with errD, errG, d_real, d_fake; got {ours!r}")
        for key in ("errD", "errG", "d_real", "d_fake"):
            got = as_float(ours[key], f"train_step(...)[{key!r}]")
            assert np.isclose(got, theirs[key], rtol=1e-4, atol=1e-5), (
                f"step {step}: {key}: expected {theirs[key]:.6f} (the reference), got {got:.6f}")
        for mine, ref, name in ((netG, G2, "G"), (netD, D2, "D")):
            assert_same_state(mine, ref, f"{name} after train_step {step} (SGD, lr 0.05)")


@pytest.mark.parametrize("size", SIZES)
def test_train_step_reports_the_step_s_own_numbers(kata, ctx, size):
    """Catches statistics taken from the wrong pass or computed wrongly:
    errD the mean of D's per-image loss before its update (summed over the
    real and the fake half, not averaged), errG the mean loss of the updated
    D on G(z) against label 1, d_real and d_fake the mean sigmoid of D's
    logits before its update; all recomputed here from copies of the nets."""
    netG, netD = build(kata, size, ctx)
    G0, D0 = clone(kata, size, ctx, netG, netD)
    real, z = real_batch(size, ctx), noise_batch(size, ctx)
    with autograd.train_mode():
        r, f = D0(real).asnumpy().ravel(), D0(G0(z)).asnumpy().ravel()
    stats = kata.train_step(netG, netD, *trainers(netG, netD), real, z)
    with autograd.train_mode():
        judged = netD(G0(z)).asnumpy().ravel()    # the updated D (G's step leaves it) on the step's fakes
    sigmoid = lambda x: 1 / (1 + np.exp(-x))      # noqa: E731
    want = {"errD": float(np.mean(softplus(-r) + softplus(f))), "errG": float(np.mean(softplus(-judged))),
            "d_real": float(np.mean(sigmoid(r))), "d_fake": float(np.mean(sigmoid(f)))}
    assert isinstance(stats, dict), f"train_step must return a dict, got {type(stats).__name__}"
    got = {k: as_float(stats.get(k), f"train_step(...)[{k!r}]") for k in want}
    wrong = [f"{k}: expected {v:.6f}, got {got[k]:.6f}" for k, v in want.items()
             if not np.isclose(got[k], v, rtol=1e-4, atol=1e-5)]
    assert not wrong, "train_step's numbers differ from the ones recomputed from D's logits: " + "; ".join(wrong)


class Halved(gluon.loss.SigmoidBinaryCrossEntropyLoss):
    """A loss other than the default (half the sigmoid cross-entropy), counting its calls
    (for the failure message only: how often it is called is the kata's choice)."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def hybrid_forward(self, F, pred, label, sample_weight=None, pos_weight=None):
        self.calls += 1
        return 0.5 * super().hybrid_forward(F, pred, label, sample_weight, pos_weight)


@pytest.mark.parametrize("size", SIZES)
def test_loss_fn_is_used_when_given(kata, reference, ctx, size):
    """Catches loss_fn accepted and ignored (by d_step, by g_step, or not
    passed on by train_step): a step with another loss must train and report
    as the reference does with that loss."""
    netG, netD = build(reference, size, ctx)
    G2, D2 = clone(reference, size, ctx, netG, netD)
    real, z = real_batch(size, ctx), noise_batch(size, ctx)
    ours, theirs = Halved(), Halved()
    got = kata.train_step(netG, netD, *trainers(netG, netD), real, z, loss_fn=ours)
    want = reference.train_step(G2, D2, *trainers(G2, D2), real, z, loss_fn=theirs)
    for key in ("errD", "errG"):
        value = as_float(got.get(key), f"train_step(...)[{key!r}]")
        assert np.isclose(value, want[key], rtol=1e-4, atol=1e-5), (
            f"with loss_fn = half the sigmoid cross-entropy, {key} should be {want[key]:.6f}, got {value:.6f} "
            f"(the given loss was called {ours.calls} times)")
    for mine, ref, name in ((netG, G2, "G"), (netD, D2, "D")):
        assert_same_state(mine, ref, f"{name} after train_step with loss_fn = half the sigmoid cross-entropy")


@pytest.mark.parametrize("says", ["real", "fake"])
def test_losses_stay_finite_when_D_is_certain(kata, reference, ctx, says):
    """Catches a loss computed by hand as log(sigmoid(x)): a D that is sure
    (logits of +-1e4) must still give finite losses and probabilities."""
    size = 28
    netG, netD = build(reference, size, ctx)
    dense = list(netD.collect_params().values())[-2:]          # the final Dense(1): weight, bias
    dense[0].set_data(mx.nd.zeros(dense[0].shape, ctx=ctx))
    dense[1].set_data(mx.nd.full(dense[1].shape, 1e4 if says == "real" else -1e4, ctx=ctx))
    stats = kata.train_step(netG, netD, *trainers(netG, netD, lr=1e-6), real_batch(size, ctx), noise_batch(size, ctx))
    got = {k: as_float(stats.get(k), f"train_step(...)[{k!r}]") for k in ("errD", "errG", "d_real", "d_fake")}
    bad = {k: v for k, v in got.items() if not np.isfinite(v)}
    assert not bad, (f"D's logits are {'+' if says == 'real' else '-'}1e4 on every image, and train_step returned "
                     f"{bad}: use loss_fn (SigmoidBinaryCrossEntropyLoss computes from the logits, stably)")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("nc, batch", [(1, 2), (2, 3)])
def test_other_channel_counts_and_batch_sizes_train_like_the_reference(kata, reference, ctx, size, nc, batch):
    """Catches anything that holds only for the tutorial's shapes (a channel
    count or batch size hard-coded, a reshape on the wrong axis): networks
    built by the kata for nc = 1 or 2 must train on batches of 2 or 3 as the
    reference's networks do."""
    ours = [kata.build_generator(ngf=WIDTH, nc=nc, image_size=size), kata.build_discriminator(ndf=WIDTH, image_size=size)]
    theirs = build(reference, size, ctx, nc=nc)
    for net in ours:
        net.initialize(mx.init.Normal(0.02), ctx=ctx)
    ours[1](ours[0](noise_batch(size, ctx)))
    for mine, ref, name in zip(ours, theirs, "GD"):
        got = [tuple(int(d) for d in p.shape) for p in params(mine)]
        want = [tuple(int(d) for d in p.shape) for p in params(ref)]
        assert got == want, f"nc={nc}: {name}'s parameter shapes, in order: expected {want}, got {got}"
        copy_params(ref, mine)
    real, z = real_batch(size, ctx, seed=4, batch=batch, nc=nc), noise_batch(size, ctx, seed=5, batch=batch)
    if size == 28:
        real = real.reshape((batch, -1))
    got = kata.train_step(*ours, *trainers(*ours), real, z)
    want = reference.train_step(*theirs, *trainers(*theirs), real, z)
    for key in ("errD", "errG", "d_real", "d_fake"):
        value = as_float(got.get(key), f"train_step(...)[{key!r}]")
        assert np.isclose(value, want[key], rtol=1e-4, atol=1e-5), (
            f"nc={nc}, batch {batch}: {key} should be {want[key]:.6f} (the reference), got {value:.6f}")
    for mine, ref, name in zip(ours, theirs, "GD"):
        assert_same_state(mine, ref, f"nc={nc}, batch {batch}: {name} after one train_step")


def test_steps_run_on_the_inputs_context(kata, reference):
    """Catches labels or intermediate arrays pinned to the default context:
    with the nets and the batches on another context, d_step's and g_step's
    results must be there too."""
    wanted = mx.cpu(1)
    size = 28
    netG, netD = build(reference, size, wanted)
    real, z = real_batch(size, wanted), noise_batch(size, wanted)
    trainerG, trainerD = trainers(netG, netD)
    for x, what in zip(kata.d_step(netG, netD, trainerD, real, z), ("errD", "real_logits", "fake_logits")):
        as_array(x, f"d_step's {what}", (BATCH,), wanted)
    as_array(kata.g_step(netG, netD, trainerG, z), "g_step's errG", (BATCH,), wanted)


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


# ------------------------------------------------------------ the signatures


PUBLIC = ["build_generator", "build_discriminator", "noise", "d_step", "g_step", "train_step"]


@pytest.mark.parametrize("name", PUBLIC)
def test_signatures_are_the_stubs(kata, reference, name):
    """Catches a changed default or a renamed or reordered argument (the demos
    and the benchmarks call these functions with their defaults and names)."""
    S.assert_same_signature(kata, reference, name)


def test_defaults_are_the_tutorials(kata, ctx):
    """Catches a default changed in the code (ngf, ndf, nc, image_size):
    called without those arguments, the builders and noise make the Gluon
    tutorial's 64x64x3 DCGAN (ngf = ndf = 64)."""
    z = kata.noise(1, 100, ctx=ctx)
    got = tuple(int(d) for d in z.shape)
    assert got == (1, 100, 1, 1), f"noise(1, 100): the default image_size is 64, so (1, 100, 1, 1); got {got}"
    netG, netD = kata.build_generator(), kata.build_discriminator()
    for net in (netG, netD):
        net.initialize(mx.init.Normal(0.02), ctx=ctx)
    fake = netG(z)
    got = tuple(int(d) for d in fake.shape)
    assert got == (1, 3, 64, 64), f"build_generator(): expected images (1, 3, 64, 64), got {got}"
    got = tuple(int(d) for d in netD(fake).shape)
    assert got == (1, 1, 1, 1), f"build_discriminator(): expected logits (1, 1, 1, 1), got {got}"
    first = [tuple(int(d) for d in p.shape) for p in params(netG)][0], [tuple(int(d) for d in p.shape) for p in params(netD)][0]
    assert first == ((100, 512, 4, 4), (64, 3, 4, 4)), (
        f"defaults ngf = ndf = 64: expected G's first weight (100, 512, 4, 4) and D's (64, 3, 4, 4), got {first}")
