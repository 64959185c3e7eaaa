"""Tests of the dcgan_module kata: a DCGAN with Symbol + Module.

Each test names, in its docstring, the mistake it is there to catch. The
cheap tests (symbols and shapes, no memory allocated) come first; the
training-step tests use tiny widths (ngf = ndf = 4) and 16x16 images.

How the training step is checked without trusting any implementation:
``UpdateSpy`` wraps both modules' ``update()`` and records, at each call,
the gradients about to be applied and both modules' parameters; ``Manual``
recomputes the same step with plain executors bound to the kata's own
symbols (fake pass, real pass, input gradient), so every gradient the kata
applies is compared with one computed independently.
"""
import json
import math
from collections import namedtuple

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tests import strategies as S

Config = namedtuple("Config", "batch nz ngf ndf nc size")
SMALL = Config(batch=4, nz=8, ngf=4, ndf=4, nc=3, size=16)
TUTORIAL = Config(batch=64, nz=100, ngf=128, ndf=128, nc=3, size=64)
gan_sizes = st.sampled_from([8, 16, 32, 64])


def stages(size):
    return int(round(math.log2(size // 4)))


# ------------------------------------------------------------ expectations

def expected_generator_weights(nz, ngf, nc, size):
    """Deconvolution weights are (in_channels, out_channels, 4, 4)."""
    n = stages(size)
    widths = [nz] + [ngf * 2 ** (n - 1 - i) for i in range(n)] + [nc]
    return {f"g{i + 1}_weight": (widths[i], widths[i + 1], 4, 4) for i in range(n + 1)}


def expected_discriminator_weights(ndf, nc, size):
    """Convolution weights are (out_channels, in_channels, 4, 4)."""
    n = stages(size)
    widths = [nc] + [ndf * 2 ** i for i in range(n)] + [1]
    return {f"d{i + 1}_weight": (widths[i + 1], widths[i], 4, 4) for i in range(n + 1)}


def expected_generator_arguments(size):
    n = stages(size)
    names = ["rand"] + [f"g{i}_weight" for i in range(1, n + 2)]
    return set(names + [f"gbn{i}_{p}" for i in range(1, n + 1) for p in ("gamma", "beta")])


def expected_discriminator_arguments(size):
    n = stages(size)
    names = ["data", "label"] + [f"d{i}_weight" for i in range(1, n + 2)]
    return set(names + [f"dbn{i}_{p}" for i in range(2, n + 1) for p in ("gamma", "beta")])


def name_diff(got, expected):
    missing, extra = sorted(expected - set(got)), sorted(set(got) - expected)
    return f"missing {missing}, unexpected {extra}"


def traced(symbol, **inputs):
    """MXNet's own shape inference: (argument shapes by name, output shapes). Allocates nothing."""
    arg_shapes, out_shapes, _ = symbol.infer_shape(**inputs)
    assert arg_shapes is not None, f"MXNet could not infer the shapes from {inputs}"
    return dict(zip(symbol.list_arguments(), arg_shapes)), out_shapes


def nodes(symbol):
    return json.loads(symbol.tojson())["nodes"]


# ------------------------------------------------------------ the symbols

def test_generator_arguments_are_named_like_the_tutorial(kata):
    """Catches a noise input not called 'rand', biases left on (no_bias=True)
    and layers named differently (parameters are exchanged by name)."""
    args = kata.generator_symbol(ngf=4, nc=3, image_size=16).list_arguments()
    expected = expected_generator_arguments(16)
    assert set(args) == expected, (
        f"generator arguments: {name_diff(args, expected)}; expected the noise 'rand', deconvolutions "
        "g1, g2, ... without bias and BatchNorms gbn1, gbn2, ...")


def test_discriminator_arguments_are_named_like_the_tutorial(kata):
    """Catches the Module default label 'softmax_label', biases left on, a
    BatchNorm on the first layer and layers named differently."""
    args = kata.discriminator_symbol(ndf=4, image_size=16).list_arguments()
    expected = expected_discriminator_arguments(16)
    assert set(args) == expected, (
        f"discriminator arguments: {name_diff(args, expected)}; expected 'data', 'label', convolutions "
        "d1, d2, ... without bias and BatchNorms dbn2, dbn3, ... (none after d1)")


def test_tutorial_configuration_traces_to_3x64x64(kata):
    """Catches a generator that does not reach 64x64x3 (a missing layer, a
    wrong stride or pad) and a discriminator that does not end in one number."""
    c = TUTORIAL
    g_args, g_out = traced(kata.generator_symbol(ngf=c.ngf, nc=c.nc, image_size=c.size),
                           rand=(c.batch, c.nz, 1, 1))
    assert g_out == [(c.batch, c.nc, c.size, c.size)], (
        f"G(rand (64, 100, 1, 1)) should be (64, 3, 64, 64), MXNet infers {g_out}; each stride-2 "
        "deconvolution (kernel 4, pad 1) doubles: out = (in - 1) * 2 - 2 * 1 + 4 = 2 * in")
    for name, shape in expected_generator_weights(c.nz, c.ngf, c.nc, c.size).items():
        assert g_args.get(name) == shape, f"{name}: expected {shape}, MXNet infers {g_args.get(name)}"
    d_args, d_out = traced(kata.discriminator_symbol(ndf=c.ndf, image_size=c.size),
                           data=(c.batch, c.nc, c.size, c.size), label=(c.batch,))
    assert d_out == [(c.batch, 1)], f"D(64 images) should be (64, 1), MXNet infers {d_out}"
    for name, shape in expected_discriminator_weights(c.ndf, c.nc, c.size).items():
        assert d_args.get(name) == shape, f"{name}: expected {shape}, MXNet infers {d_args.get(name)}"


@settings(max_examples=20)
@given(nz=st.integers(1, 64), ngf=st.integers(1, 16), nc=st.sampled_from([1, 3]), size=gan_sizes,
       batch=st.integers(1, 8))
def test_generator_shapes_for_any_width_and_size(kata, nz, ngf, nc, size, batch):
    """Catches widths that do not halve from ngf * 2**(stages-1) to ngf, nc
    ignored, and a layer count fixed at the 64x64 one."""
    args, out = traced(kata.generator_symbol(ngf=ngf, nc=nc, image_size=size), rand=(batch, nz, 1, 1))
    assert out == [(batch, nc, size, size)], f"expected G output {(batch, nc, size, size)}, got {out}"
    for name, shape in expected_generator_weights(nz, ngf, nc, size).items():
        assert args.get(name) == shape, (
            f"ngf={ngf}, nc={nc}, image_size={size}: {name} expected {shape}, got {args.get(name)}")


@settings(max_examples=20)
@given(ndf=st.integers(1, 16), nc=st.sampled_from([1, 3]), size=gan_sizes, batch=st.integers(1, 8))
def test_discriminator_shapes_for_any_width_and_size(kata, ndf, nc, size, batch):
    """Catches widths that do not double from ndf, and a layer count fixed
    at the 64x64 one (the last convolution must see 4x4)."""
    args, out = traced(kata.discriminator_symbol(ndf=ndf, image_size=size),
                       data=(batch, nc, size, size), label=(batch,))
    assert out == [(batch, 1)], f"expected D output {(batch, 1)}, got {out}"
    for name, shape in expected_discriminator_weights(ndf, nc, size).items():
        assert args.get(name) == shape, (
            f"ndf={ndf}, nc={nc}, image_size={size}: {name} expected {shape}, got {args.get(name)}")


@pytest.mark.parametrize("size", [0, 4, 28, 48])
def test_unsupported_image_size_raises(kata, size):
    """Catches a symbol silently built for a size the stack cannot reach."""
    with pytest.raises(ValueError):
        kata.generator_symbol(ngf=4, nc=3, image_size=size)
    with pytest.raises(ValueError):
        kata.discriminator_symbol(ndf=4, image_size=size)


BATCHNORM_DEFAULTS = {"fix_gamma": "True", "eps": "0.001", "momentum": "0.9", "use_global_stats": "False"}
LEAKY_DEFAULTS = {"act_type": "leaky", "slope": "0.25"}


def test_batchnorm_and_leaky_relu_settings(kata):
    """Catches BatchNorm's default eps (1e-3 instead of 1e-5), a learned gamma
    (fix_gamma=False), a momentum other than 0.9, global statistics in
    training, LeakyReLU's default slope 0.25, a ReLU in D and a loss other
    than LogisticRegressionOutput."""
    for symbol in (kata.generator_symbol(ngf=4, nc=3, image_size=16),
                   kata.discriminator_symbol(ndf=4, image_size=16)):
        ops = [n for n in nodes(symbol) if n["op"] != "null"]
        for node in ops:
            attrs = node.get("attrs", {})
            if node["op"] == "BatchNorm":
                attrs = {**BATCHNORM_DEFAULTS, **attrs}
                assert attrs["fix_gamma"] == "True", f"{node['name']}: use fix_gamma=True (gamma stays 1)"
                assert abs(float(attrs["eps"]) - 1e-5) < 1e-9, (
                    f"{node['name']}: eps={attrs['eps']}; the tutorial uses 1e-5 + 1e-12 (the default is 1e-3)")
                assert abs(float(attrs["momentum"]) - 0.9) < 1e-9, (
                    f"{node['name']}: momentum={attrs['momentum']}; keep MXNet's default momentum 0.9 "
                    "for the moving mean and variance")
                assert attrs["use_global_stats"] in ("False", "0"), (
                    f"{node['name']}: use_global_stats={attrs['use_global_stats']}; in training BatchNorm "
                    "must normalise with the batch statistics (leave use_global_stats at False)")
            if node["op"] == "LeakyReLU":
                attrs = {**LEAKY_DEFAULTS, **attrs}
                assert attrs["act_type"] == "leaky" and abs(float(attrs["slope"]) - 0.2) < 1e-9, (
                    f"{node['name']}: expected act_type='leaky', slope=0.2, got {attrs}")
    d_ops = [n for n in nodes(kata.discriminator_symbol(ndf=4, image_size=16)) if n["op"] != "null"]
    assert sum(n["op"] == "LeakyReLU" for n in d_ops) == stages(16), (
        "every stride-2 convolution of D is followed by LeakyReLU(0.2)")
    assert d_ops[-1]["op"] == "LogisticRegressionOutput", (
        f"D must end in mx.sym.LogisticRegressionOutput (sigmoid + logistic loss), ends in {d_ops[-1]['op']}")


# ------------------------------------------------------------ helpers for the modules

def make(kata, ctx, cfg=SMALL, **kwargs):
    return kata.make_modules(cfg.batch, nz=cfg.nz, ngf=cfg.ngf, ndf=cfg.ndf, nc=cfg.nc,
                             image_size=cfg.size, ctx=ctx, **kwargs)


def batches(cfg, ctx, seed=0):
    """A noise batch and a 'real' batch (uniform in [-1, 1]) as DataBatch objects."""
    rng = np.random.RandomState(seed)
    noise = rng.normal(size=(cfg.batch, cfg.nz, 1, 1)).astype(np.float32)
    real = rng.uniform(-1, 1, size=(cfg.batch, cfg.nc, cfg.size, cfg.size)).astype(np.float32)
    return (mx.io.DataBatch(data=[mx.nd.array(noise, ctx=ctx)]),
            mx.io.DataBatch(data=[mx.nd.array(real, ctx=ctx)], label=[]))


def executor(module):
    return module._exec_group.execs[0]


def params_of(module):
    """The module's current trainable parameters, by name, as numpy arrays."""
    args = executor(module).arg_dict
    return {name: args[name].asnumpy() for name in module._exec_group.param_names}


def grads_of(module):
    grads = executor(module).grad_dict
    return {name: grads[name].asnumpy() for name in module._exec_group.param_names}


def aux_of(module):
    """The module's BatchNorm moving statistics, by name, as numpy arrays."""
    return {name: value.asnumpy() for name, value in executor(module).aux_dict.items()}


def arrays_of(module):
    """'kind name' -> NDArray for every array the module's executor holds."""
    exe = executor(module)
    out = {f"parameter {n}": a for n, a in exe.arg_dict.items()}
    out.update({f"gradient of {n}": a for n, a in exe.grad_dict.items() if a is not None})
    out.update({f"statistic {n}": a for n, a in exe.aux_dict.items()})
    return out


def as_float(value, what):
    """A returned statistic as a plain float; anything but a Python float fails."""
    assert isinstance(value, float) and not isinstance(value, bool), (
        f"{what} must be a Python float (float(x) or x.asscalar() then float), got "
        f"{type(value).__name__} {value!r}")
    return float(value)


def load_reference_params(modules, ref_modules):
    """Give both kata modules the reference modules' parameters and moving statistics."""
    for ours, theirs in zip(modules, ref_modules):
        arg, aux = theirs.get_params()
        ours.set_params(arg, aux)


def snapshot(module):
    """(arg_params, aux_params) as numpy copies, for Manual and set_params."""
    arg, aux = module.get_params()
    return ({k: v.asnumpy() for k, v in arg.items()}, {k: v.asnumpy() for k, v in aux.items()})


def rel_err(got, expected):
    return float(np.linalg.norm(got - expected) / max(np.linalg.norm(expected), 1e-12))


def mismatches(got, expected, tol=1e-4):
    """'name (relative error e)' for every array that differs from the expected one."""
    return [f"{name} (relative error {rel_err(got[name], expected[name]):.2g})"
            for name in sorted(expected) if rel_err(got[name], expected[name]) > tol]


def changed(before, after):
    return sorted(name for name in before if not np.array_equal(before[name], after[name]))


Call = namedtuple("Call", "who grads before after")


class UpdateSpy:
    """Wraps generator.update and discriminator.update; records every call:
    which module, the gradients it applied, both modules' parameters before
    and after."""

    def __init__(self, generator, discriminator):
        self.modules = {"G": generator, "D": discriminator}
        self.calls = []
        for who, module in self.modules.items():
            module.update = self._spy(who, module, module.update)

    def _spy(self, who, module, update):
        def spied_update(*args, **kwargs):
            grads = grads_of(module)
            before = {w: params_of(m) for w, m in self.modules.items()}
            update(*args, **kwargs)
            after = {w: params_of(m) for w, m in self.modules.items()}
            self.calls.append(Call(who, grads, before, after))
        return spied_update

    def order(self):
        return [c.who for c in self.calls]

    def first(self, who):
        calls = [c for c in self.calls if c.who == who]
        assert calls, f"train_step never called {'generator' if who == 'G' else 'discriminator'}.update()"
        return calls[0]


class Manual:
    """The training step's pieces computed by hand: plain executors bound to
    the kata's own symbols and loaded with given parameters."""

    def __init__(self, kata, ctx, cfg, g_params, d_params):
        c = cfg
        g_sym = kata.generator_symbol(ngf=c.ngf, nc=c.nc, image_size=c.size)
        d_sym = kata.discriminator_symbol(ndf=c.ndf, image_size=c.size)
        self.g = g_sym.simple_bind(ctx, grad_req="write", rand=(c.batch, c.nz, 1, 1))
        d_req = {name: ("null" if name == "label" else "write") for name in d_sym.list_arguments()}
        self.d = d_sym.simple_bind(ctx, grad_req=d_req, data=(c.batch, c.nc, c.size, c.size), label=(c.batch,))
        self.load(self.g, g_params)
        self.load(self.d, d_params)
        self.ctx, self.batch = ctx, c.batch
        self.g_names = [n for n in g_sym.list_arguments() if n != "rand"]
        self.d_names = [n for n in d_sym.list_arguments() if n not in ("data", "label")]

    def load(self, exe, params):
        arg, aux = params
        exe.copy_params_from({k: mx.nd.array(v) for k, v in arg.items()},
                             {k: mx.nd.array(v) for k, v in aux.items()}, allow_extra_params=True)

    def generate(self, noise):
        return self.g.forward(is_train=True, rand=noise.data[0])[0].copy()

    def d_pass(self, images, label):
        """D forward/backward on images with a constant label: (probs, param grads, input grad)."""
        labels = mx.nd.full((self.batch,), label, ctx=self.ctx)
        probs = self.d.forward(is_train=True, data=images, label=labels)[0].asnumpy()
        self.d.backward()
        grads = {n: self.d.grad_dict[n].asnumpy() for n in self.d_names}
        return probs, grads, self.d.grad_dict["data"].copy()

    def g_grads(self, noise, out_grad):
        self.g.forward(is_train=True, rand=noise.data[0])
        self.g.backward([out_grad])
        return {n: self.g.grad_dict[n].asnumpy() for n in self.g_names}


def bce(probs, label):
    p = np.clip(probs, 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(p) if label == 1 else -np.log(1 - p)))


# ------------------------------------------------------------ make_modules

def test_make_modules_binds_the_right_inputs(kata, ctx):
    """Catches the Module default label_names=('softmax_label',), a generator
    bound with a label, and a discriminator without inputs_need_grad=True
    (get_input_grads() would then have nothing to give G)."""
    generator, discriminator = make(kata, ctx)
    c = SMALL
    assert list(generator.data_names) == ["rand"] and not generator.label_names, (
        f"G: expected data_names ['rand'] and no labels (label_names=None), got "
        f"{generator.data_names} and {generator.label_names}")
    assert list(discriminator.data_names) == ["data"] and list(discriminator.label_names) == ["label"], (
        f"D: expected data_names ['data'], label_names ['label'], got "
        f"{discriminator.data_names}, {discriminator.label_names}")
    assert discriminator.inputs_need_grad, "bind D with inputs_need_grad=True: G learns from D's input gradient"
    for who, module in (("G", generator), ("D", discriminator)):
        assert module.binded and module.params_initialized, (
            f"{who}: expected a bound module with initialised parameters, got binded={module.binded}, "
            f"params_initialized={module.params_initialized}")
    got = [tuple(int(d) for d in s) for _, s in generator.data_shapes]
    assert got == [(c.batch, c.nz, 1, 1)], f"G: expected to be bound for noise {[(c.batch, c.nz, 1, 1)]}, got {got}"
    got = [tuple(int(d) for d in s) for _, s in discriminator.data_shapes]
    assert got == [(c.batch, c.nc, c.size, c.size)], (
        f"D: expected to be bound for images {[(c.batch, c.nc, c.size, c.size)]}, got {got}")


def test_make_modules_uses_adam_with_the_dcgan_settings(kata, ctx):
    """Catches the default optimizer (SGD), Adam's default lr 1e-3 or beta1 0.9
    (the DCGAN paper uses lr 2e-4, beta1 0.5), and a missing init_optimizer."""
    for who, module in zip("GD", make(kata, ctx)):
        assert module.optimizer_initialized, f"{who}: call init_optimizer"
        opt = module._optimizer
        assert isinstance(opt, mx.optimizer.Adam), f"{who}: expected Adam, got {type(opt).__name__}"
        assert abs(opt.lr - 2e-4) < 1e-12 and abs(opt.beta1 - 0.5) < 1e-12, (
            f"{who}: expected learning_rate=0.0002 and beta1=0.5, got {opt.lr} and {opt.beta1}")


def test_make_modules_initialises_weights_from_normal_0_02(kata, ctx):
    """Catches the default uniform initialiser and a wrong sigma (std 0.02 is the DCGAN recipe)."""
    cfg = Config(batch=2, nz=16, ngf=16, ndf=16, nc=3, size=16)
    for who, module in zip("GD", make(kata, ctx, cfg)):
        for name, value in params_of(module).items():
            if name.endswith("_weight") and value.size >= 2000:
                assert abs(value.mean()) < 0.003 and abs(value.std() - 0.02) < 0.002, (
                    f"{who}.{name}: mean {value.mean():.4f}, std {value.std():.4f}; use mx.init.Normal(0.02)")
            if name.endswith("_gamma"):
                np.testing.assert_array_equal(value, 1, err_msg=f"{who}.{name}: BatchNorm gamma starts at 1")


def test_make_modules_uses_lr_beta1_and_sigma_it_is_given(kata, ctx):
    """Catches lr, beta1 or sigma accepted and ignored (the tutorial's values
    hard-coded): other values must reach Adam and the initialiser."""
    cfg = Config(batch=2, nz=16, ngf=16, ndf=16, nc=3, size=16)
    lr, beta1, sigma = 1e-3, 0.7, 0.05
    for who, module in zip("GD", make(kata, ctx, cfg, lr=lr, beta1=beta1, sigma=sigma)):
        opt = module._optimizer
        assert isinstance(opt, mx.optimizer.Adam), f"{who}: expected Adam, got {type(opt).__name__}"
        got_lr, got_beta1 = float(opt.lr), float(opt.beta1)
        assert abs(got_lr - lr) < 1e-12, f"{who}: make_modules(lr={lr}) gave Adam learning_rate={got_lr}"
        assert abs(got_beta1 - beta1) < 1e-12, f"{who}: make_modules(beta1={beta1}) gave Adam beta1={got_beta1}"
        for name, value in params_of(module).items():
            if name.endswith("_weight") and value.size >= 2000:
                assert abs(float(value.std()) - sigma) < 0.005, (
                    f"{who}.{name}: make_modules(sigma={sigma}) should draw it from N(0, {sigma}); its std "
                    f"is {value.std():.4f}")


def test_make_modules_puts_every_array_on_ctx(kata):
    """Catches ctx accepted and ignored (modules bound on the default CPU):
    every parameter, gradient and BatchNorm statistic, and what a step
    computes, must live on the context asked for; ctx=None means mx.cpu()."""
    wanted = mx.cpu(1)  # a second CPU context: any machine has it, and it is not the default
    generator, discriminator = make(kata, wanted)
    for who, module in (("G", generator), ("D", discriminator)):
        elsewhere = sorted(f"{name} on {a.context}" for name, a in arrays_of(module).items() if a.context != wanted)
        assert not elsewhere, f"make_modules(ctx={wanted}): {who} holds arrays elsewhere: {elsewhere}"
    noise, real = batches(SMALL, wanted)
    kata.train_step(generator, discriminator, noise, real)
    fake, input_grad = generator.get_outputs()[0], discriminator.get_input_grads()[0]
    assert fake.context == wanted and input_grad.context == wanted, (
        f"after train_step with modules made for {wanted}: G's output on {fake.context}, D's input "
        f"gradient on {input_grad.context}")
    for who, module in zip("GD", make(kata, None)):
        elsewhere = sorted(f"{name} on {a.context}" for name, a in arrays_of(module).items() if a.context != mx.cpu())
        assert not elsewhere, f"make_modules(ctx=None) means mx.cpu(); {who} holds arrays elsewhere: {elsewhere}"


def test_make_modules_starts_batchnorm_statistics_at_zero_and_one(kata, ctx):
    """Catches moving means and variances that do not start at 0 and 1."""
    for who, module in zip("GD", make(kata, ctx)):
        for name, value in aux_of(module).items():
            want = 1.0 if name.endswith("_var") else 0.0
            assert np.all(value == want), f"{who}.{name} should start at {want}, got {value.ravel()[:4]}..."


@pytest.mark.parametrize("nc, batch", [(1, 1), (2, 3)])
def test_other_channel_counts_and_batch_sizes_train_like_the_reference(kata, reference, ctx, nc, batch):
    """Catches a discriminator bound for 3 channels whatever nc, labels of a
    fixed batch size, and anything else that holds only for the tutorial's
    shapes: one step with nc=1 or 2 and batch 1 or 3 must match the reference
    (parameters, BatchNorm statistics and statistics returned)."""
    cfg = Config(batch=batch, nz=5, ngf=4, ndf=4, nc=nc, size=16)
    modules, ref_modules = make(kata, ctx, cfg), make(reference, ctx, cfg)
    generator, discriminator = modules
    got = [tuple(int(d) for d in s) for _, s in discriminator.data_shapes]
    assert got == [(batch, nc, 16, 16)], (
        f"make_modules(batch_size={batch}, nc={nc}, image_size=16): D should be bound for images "
        f"{(batch, nc, 16, 16)}, got {got}")
    got = [tuple(int(d) for d in s) for _, s in generator.data_shapes]
    assert got == [(batch, 5, 1, 1)], f"make_modules(batch_size={batch}, nz=5): G bound for {got}, expected {[(batch, 5, 1, 1)]}"
    load_reference_params(modules, ref_modules)
    noise, real = batches(cfg, ctx, seed=3)
    stats, ref_stats = kata.train_step(*modules, noise, real), reference.train_step(*ref_modules, noise, real)
    for key, value in ref_stats.items():
        got = as_float(stats.get(key), f"train_step(...)[{key!r}]")
        assert math.isclose(got, value, rel_tol=1e-4, abs_tol=1e-6), (
            f"nc={nc}, batch {batch}: {key} = {got:.6g}, the reference's is {value:.6g}")
    for who, ours, theirs in zip("GD", modules, ref_modules):
        far = mismatches({**params_of(ours), **aux_of(ours)}, {**params_of(theirs), **aux_of(theirs)})
        assert not far, f"nc={nc}, batch {batch}: after one step {who} differs from the reference: {far}"


def test_generator_output_is_squashed_by_tanh(kata, ctx):
    """Catches a generator without the final tanh: real images live in [-1, 1],
    so must G's (even with large weights)."""
    c = SMALL
    generator, _ = make(kata, ctx)
    arg, aux = generator.get_params()
    big = {k: (mx.nd.ones_like(v) * 3 if k.endswith("_weight") else v) for k, v in arg.items()}
    generator.set_params(big, aux)
    noise, _ = batches(c, ctx)
    generator.forward(noise, is_train=False)
    out = generator.get_outputs()[0].asnumpy()
    assert tuple(int(d) for d in out.shape) == (c.batch, c.nc, c.size, c.size), (
        f"G's output: expected shape {(c.batch, c.nc, c.size, c.size)}, got {out.shape}")
    assert out.min() >= -1 and out.max() <= 1, (
        f"G's output spans [{out.min():.3g}, {out.max():.3g}]; end the generator with tanh")


# ------------------------------------------------------------ train_step

def test_discriminator_update_sums_fake_and_real_gradients(kata, ctx):
    """Catches the fake gradients not added to the real ones (or overwritten
    by the real pass), the fake batch labelled 1 and the real one labelled 0:
    D's one update must apply grad(fake, label 0) + grad(real, label 1)."""
    c = SMALL
    generator, discriminator = make(kata, ctx)
    g0, d0 = snapshot(generator), snapshot(discriminator)
    spy = UpdateSpy(generator, discriminator)
    noise, real = batches(c, ctx)
    kata.train_step(generator, discriminator, noise, real)
    applied = spy.first("D").grads

    manual = Manual(kata, ctx, c, g0, d0)
    fake = manual.generate(noise)
    _, fake_grads, _ = manual.d_pass(fake, 0)
    _, real_grads, _ = manual.d_pass(real.data[0], 1)
    expected = {n: fake_grads[n] + real_grads[n] for n in fake_grads}
    bad = mismatches(applied, expected)
    if bad and not mismatches(applied, real_grads):
        pytest.fail("D was updated with the real-batch gradient alone: add the saved fake-batch "
                    "gradients (label 0) to the real-batch gradients before discriminator.update()")
    assert not bad, ("D's update must apply grad(fake, label 0) + grad(real, label 1); these differ: "
                     + ", ".join(bad))


def test_d_step_leaves_g_alone_and_g_step_leaves_d_alone(kata, ctx):
    """Catches G updated before or with D, and D updated again during the G
    step (the G pass through D must not train D towards 'fakes are real')."""
    generator, discriminator = make(kata, ctx)
    g0 = params_of(generator)
    spy = UpdateSpy(generator, discriminator)
    noise, real = batches(SMALL, ctx)
    kata.train_step(generator, discriminator, noise, real)
    d_update = spy.first("D")
    moved = changed(g0, d_update.before["G"])
    assert not moved, f"G's parameters changed before D's update: {moved}"
    still = changed(d_update.before["D"], d_update.after["D"])
    assert still, "discriminator.update() changed none of D's parameters"
    after_d = d_update.after["D"]
    moved = changed(after_d, params_of(discriminator))
    assert not moved, (f"D's parameters changed after its update, during the G step: {moved}; "
                       "only generator.update() belongs there")
    assert spy.order() == ["D", "G"], (
        f"expected one discriminator.update() then one generator.update(), got {spy.order()}")


def test_generator_learns_through_discriminator_input_gradient(kata, ctx):
    """Catches G's backward fed anything but get_input_grads() of the updated
    D judging the fakes against label 1: a gradient of ones, the stale
    gradient of the fake (label 0) or real pass, or D's parameter gradients."""
    c = SMALL
    generator, discriminator = make(kata, ctx)
    g0, d0 = snapshot(generator), snapshot(discriminator)
    spy = UpdateSpy(generator, discriminator)
    noise, real = batches(c, ctx)
    kata.train_step(generator, discriminator, noise, real)
    applied = spy.first("G").grads

    dead = [n for n, g in applied.items() if not n.endswith("_gamma") and not np.any(g)]
    assert not dead, f"these G parameters received an all-zero gradient: {dead}"
    bad = [n for n, g in applied.items() if not np.all(np.isfinite(g))]
    assert not bad, f"non-finite gradients in G: {bad}"

    manual = Manual(kata, ctx, c, g0, (spy.first("D").after["D"], d0[1]))
    fake = manual.generate(noise)
    _, _, input_grad = manual.d_pass(fake, 1)
    expected = manual.g_grads(noise, input_grad)
    bad = mismatches(applied, expected)
    assert not bad, ("G's gradient must be the backward of D's input gradient (updated D, fakes "
                     "labelled 1) through G; these differ: " + ", ".join(bad))


def test_train_step_reports_losses_and_discriminator_outputs(kata, ctx):
    """Catches statistics taken at the wrong moment or from the wrong pass:
    d_fake and d_real are D's mean outputs before its update, d_loss their
    summed logistic losses, g_loss the loss of the updated D on the fakes
    against label 1."""
    c = SMALL
    generator, discriminator = make(kata, ctx)
    g0, d0 = snapshot(generator), snapshot(discriminator)
    spy = UpdateSpy(generator, discriminator)
    noise, real = batches(c, ctx)
    stats = kata.train_step(generator, discriminator, noise, real)
    assert isinstance(stats, dict) and set(stats) >= {"d_loss", "g_loss", "d_real", "d_fake"}, (
        f"train_step must return a dict with d_loss, g_loss, d_real and d_fake, got {stats!r}")
    got = {k: as_float(stats[k], f"train_step(...)[{k!r}]") for k in ("d_loss", "g_loss", "d_real", "d_fake")}

    manual = Manual(kata, ctx, c, g0, d0)
    fake = manual.generate(noise)
    p_fake, _, _ = manual.d_pass(fake, 0)
    p_real, _, _ = manual.d_pass(real.data[0], 1)
    updated = Manual(kata, ctx, c, g0, (spy.first("D").after["D"], d0[1]))
    p_after, _, _ = updated.d_pass(fake, 1)
    expected = {"d_fake": float(p_fake.mean()), "d_real": float(p_real.mean()),
                "d_loss": bce(p_fake, 0) + bce(p_real, 1), "g_loss": bce(p_after, 1)}
    np.testing.assert_allclose(generator.get_outputs()[0].asnumpy(), fake.asnumpy(), rtol=1e-4, atol=1e-6,
                               err_msg="after train_step, generator.get_outputs()[0] must still be the "
                                       "step's fake batch (runners draw it)")
    wrong = [f"{k}: expected {v:.6g}, got {got[k]:.6g}" for k, v in expected.items()
             if not math.isclose(got[k], v, rel_tol=1e-4, abs_tol=1e-6)]
    assert not wrong, ("train_step's statistics differ from D's outputs recomputed by hand (d_fake, d_real "
                       "and d_loss from D before its update, d_loss the sum of the two losses, g_loss from "
                       "the updated D against label 1): " + "; ".join(wrong))


@pytest.mark.parametrize("says", ["real", "fake"])
def test_losses_stay_finite_when_D_is_certain(kata, ctx, says):
    """Catches log(0): a D that is sure (outputs exactly 1, or exactly 0, on
    every image) must still give finite losses (clip the probabilities)."""
    generator, discriminator = make(kata, ctx)
    arg, aux = discriminator.get_params()
    last = f"d{stages(SMALL.size) + 1}_weight"
    arg = dict(arg)
    arg["d2_weight"] = mx.nd.zeros_like(arg["d2_weight"])   # dbn2 sees a constant: its output is beta
    arg["dbn2_beta"] = mx.nd.ones_like(arg["dbn2_beta"])
    arg[last] = mx.nd.ones_like(arg[last]) * (1000.0 if says == "real" else -1000.0)
    discriminator.set_params(arg, aux)
    noise, real = batches(SMALL, ctx)
    stats = kata.train_step(generator, discriminator, noise, real)
    certain = 1.0 if says == "real" else 0.0
    got = {k: as_float(stats[k], f"train_step(...)[{k!r}]") for k in ("d_loss", "g_loss", "d_real", "d_fake")}
    assert got["d_real"] == certain and got["d_fake"] == certain, (
        f"test setup: D should say '{says}' for sure (mean outputs {certain}), got d_real {got['d_real']}, "
        f"d_fake {got['d_fake']}")
    bad = {k: got[k] for k in ("d_loss", "g_loss") if not math.isfinite(got[k])}
    assert not bad, (f"D outputs exactly {certain} on every image, and train_step returned {bad}: clip the "
                     "probabilities (e.g. to [1e-7, 1 - 1e-7]) before taking logs")


def test_two_steps_match_the_reference(kata, reference, ctx):
    """Catches anything else that makes two steps from the same parameters and
    batches end elsewhere than the reference's: an optimizer setting, eps, a
    layer in the wrong place, a BatchNorm momentum or an extra (or missing)
    training pass that moves the moving mean and variance differently."""
    c = SMALL
    ref_modules = make(reference, ctx)
    modules = make(kata, ctx)
    load_reference_params(modules, ref_modules)
    for step in (1, 2):
        noise, real = batches(c, ctx, step)
        ref_stats = reference.train_step(*ref_modules, noise, real)
        stats = kata.train_step(*modules, noise, real)
        for key, value in ref_stats.items():
            got = as_float(stats.get(key), f"train_step(...)[{key!r}]")
            assert math.isclose(got, value, rel_tol=1e-4, abs_tol=1e-6), (
                f"step {step}: {key} = {got:.6g}, the reference's is {value:.6g}")
        for who, ours, theirs in zip("GD", modules, ref_modules):
            got, expected = params_of(ours), params_of(theirs)
            far = [f"{n} (max difference {np.abs(got[n] - expected[n]).max():.2g})" for n in sorted(expected)
                   if not np.allclose(got[n], expected[n], rtol=1e-4, atol=1e-5)]
            assert not far, f"after step {step}, {who}'s parameters differ from the reference's: {far}"
            got, expected = aux_of(ours), aux_of(theirs)
            far = [f"{n} (max difference {np.abs(got[n] - expected[n]).max():.2g})" for n in sorted(expected)
                   if n not in got or not np.allclose(got[n], expected[n], rtol=1e-4, atol=1e-6)]
            assert not far, (
                f"after step {step}, {who}'s BatchNorm moving statistics differ from the reference's: {far}; "
                "each BatchNorm moves them (momentum 0.9) once per training backward pass: one G pass and "
                "three D passes per step")


# ------------------------------------------------------------ the signatures


PUBLIC = ["generator_symbol", "discriminator_symbol", "make_modules", "train_step"]


@pytest.mark.parametrize("name", PUBLIC)
def test_signatures_are_the_stubs(kata, reference, name):
    """Catches a changed default or a renamed or reordered argument (the demos
    and the benchmarks call these functions with their defaults and names)."""
    S.assert_same_signature(kata, reference, name)


def test_defaults_are_the_tutorials(kata, ctx):
    """Catches a default changed in the code (nz, ngf, ndf, nc, image_size,
    lr, beta1): called without those arguments, the functions must build the
    tutorial's networks (64x64x3, ngf = ndf = 128, nz = 100)."""
    g_args, g_out = traced(kata.generator_symbol(), rand=(1, 100, 1, 1))
    assert g_out == [(1, 3, 64, 64)] and g_args.get("g1_weight") == (100, 1024, 4, 4), (
        f"generator_symbol(): expected output (1, 3, 64, 64) and g1_weight (100, 1024, 4, 4), got {g_out} and "
        f"{g_args.get('g1_weight')}")
    d_args, d_out = traced(kata.discriminator_symbol(), data=(1, 3, 64, 64), label=(1,))
    assert d_out == [(1, 1)] and d_args.get("d1_weight") == (128, 3, 4, 4), (
        f"discriminator_symbol(): expected output (1, 1) and d1_weight (128, 3, 4, 4), got {d_out} and "
        f"{d_args.get('d1_weight')}")
    generator, discriminator = kata.make_modules(1, image_size=8, ctx=ctx)
    shapes = {**{n: tuple(a.shape) for n, a in executor(generator).arg_dict.items()},
              **{n: tuple(a.shape) for n, a in executor(discriminator).arg_dict.items()}}
    want = {"rand": (1, 100, 1, 1), "g1_weight": (100, 128, 4, 4), "g2_weight": (128, 3, 4, 4),
            "data": (1, 3, 8, 8), "d1_weight": (128, 3, 4, 4)}
    got = {n: shapes.get(n) for n in want}
    assert got == want, f"make_modules(1, image_size=8) with the default nz, ngf, ndf and nc: expected {want}, got {got}"
    for who, module in (("G", generator), ("D", discriminator)):
        opt = module._optimizer
        got = (float(opt.lr), float(opt.beta1))
        assert got == (0.0002, 0.5), f"{who}: make_modules' default Adam should be (lr, beta1) = (0.0002, 0.5), got {got}"
    _, discriminator = kata.make_modules(1, ngf=2, ndf=2, ctx=ctx)
    got = [tuple(int(d) for d in s) for _, s in discriminator.data_shapes]
    assert got == [(1, 3, 64, 64)], f"make_modules(1, ngf=2, ndf=2): the default image_size is 64, D bound for {got}"
