"""Tests of the conv_shapes kata: (de)convolution output sizes, whole stacks
traced layer by layer, parameter counts and DCGAN generator/discriminator plans.

The absolute check is MXNet itself: every shape is compared with
``infer_shape`` of the equivalent ``mx.sym`` (built by the reference's
``to_symbol``). Each test names, in its docstring, the mistake it catches.
"""
import math
import warnings

import mxnet as mx
import pytest
from hypothesis import given, settings, strategies as st


# ------------------------------------------------------------------ helpers

def build(module, plan):
    """Layer specs of ``module`` from a plan: a list of (kind, args) pairs."""
    return [getattr(module, kind)(*args) for kind, args in plan]


def plan_of(layers):
    """The plan (kind, args) of a list of layer specs, whoever made them."""
    return [(type(layer).__name__, tuple(layer)) for layer in layers]


def pair(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x, x)


def mxnet_shapes(reference, input_shape, plan):
    """MXNet's per-example output shape of each layer, up to the first layer
    MXNet rejects: (shapes, index of the rejected layer or None)."""
    net = reference.to_symbol(build(reference, plan))
    internals = net.get_internals()
    shapes = []
    for index in range(len(plan)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # MXNet warns about the sizes it cannot make
                _, outs, _ = internals[f"layer{index}_output"].infer_shape(data=(2,) + tuple(input_shape))
        except mx.base.MXNetError:
            return shapes, index
        out = outs[0] if outs else None
        if out is None or min(out) < 1:  # MXNet leaves a size it cannot make unknown (0)
            return shapes, index
        shapes.append(tuple(out[1:]))
    return shapes, None


def formula(kind, args, in_shape):
    """The size formula of one layer with its numbers plugged in, per axis."""
    if kind not in ("Conv", "Deconv") or len(in_shape) != 3:
        return ""
    parts = []
    for axis, size in zip(("h", "w"), in_shape[1:]):
        i = 0 if axis == "h" else 1
        k, s, p, x = (pair(a)[i] for a in args[1:5])
        if kind == "Conv":
            value = (size + 2 * p - x * (k - 1) - 1) // s + 1
            parts.append(f"{axis}: floor(({size} + 2*{p} - {x}*({k}-1) - 1)/{s}) + 1 = {value}")
        else:
            value = (size - 1) * s - 2 * p + k + x
            parts.append(f"{axis}: ({size}-1)*{s} - 2*{p} + {k} + {x} = {value}")
    return "; ".join(parts)


def explain(input_shape, plan, expected, actual):
    """A layer-by-layer table: spec, input, MXNet's shape, yours, the formula."""
    lines = [f"input {tuple(input_shape)}"]
    shape = tuple(input_shape)
    for index, (kind, args) in enumerate(plan):
        want = expected[index] if index < len(expected) else "rejected"
        got = actual[index] if actual is not None and index < len(actual) else "-"
        mark = "   " if actual is None or want == got else ">>>"
        yours = "" if actual is None else f", yours {got}"
        lines.append(f"{mark} layer {index} {kind}{args} on {shape}: MXNet {want}{yours}   "
                     f"{formula(kind, args, shape)}")
        if want == "rejected":
            break
        shape = want
    return "\n".join(lines)


def outcome(call):
    """What a call gives: its value, or "ValueError" when it raises one."""
    try:
        return call()
    except ValueError:
        return "ValueError"


# ---------------------------------------------------------------- strategies

def hyper(low, high):
    """An int or, one time in four, an (h, w) pair."""
    return st.one_of(st.integers(low, high), st.integers(low, high), st.integers(low, high),
                     st.tuples(st.integers(low, high), st.integers(low, high)))


conv_args = st.tuples(st.integers(1, 4), hyper(1, 5), hyper(1, 3), hyper(0, 2), hyper(1, 3))
deconv_args = st.tuples(st.integers(1, 4), hyper(1, 5), hyper(1, 3), hyper(0, 2), hyper(0, 1))
body = st.lists(st.one_of(st.tuples(st.just("Conv"), conv_args),
                          st.tuples(st.just("Deconv"), deconv_args)), min_size=1, max_size=4)
heads = st.sampled_from([[], [("Flatten", ())], [("Dense", (5,))], [("Flatten", ()), ("Dense", (3,))]])


def stack(layers, head):
    """Conv/Deconv layers, then the head (nothing, Flatten, Dense...)."""
    return layers + head


plans = st.builds(stack, body, heads)
input_shapes = st.tuples(st.integers(1, 3), st.integers(1, 16), st.integers(1, 16))


@st.composite
def deconv_params(draw):
    """(size, kernel, stride, pad, adj), adj up to stride (one past MXNet's limit)."""
    stride = draw(st.integers(1, 4))
    return (draw(st.integers(1, 12)), draw(st.integers(1, 6)), stride,
            draw(st.integers(0, 3)), draw(st.integers(0, stride)))


# A hypothesis test whose kata raises NotImplementedError first shrinks that
# "failure" through dozens of examples. These fixtures call the function once
# before hypothesis starts, so a pending kata is reported at once.

def probe(call):
    @pytest.fixture
    def fixture(kata):
        call(kata)
    return fixture


conv_out_written = probe(lambda k: k.conv_out(1, 1))
deconv_out_written = probe(lambda k: k.deconv_out(1, 1))
trace_shapes_written = probe(lambda k: k.trace_shapes((1, 1, 1), []))
count_params_written = probe(lambda k: k.count_params((1, 1, 1), []))
to_symbol_written = probe(lambda k: k.to_symbol([]))
solve_deconv_written = probe(lambda k: k.solve_deconv(1, 1, 1))


# -------------------------------------------------------- conv_out, deconv_out

@pytest.mark.parametrize("args, kwargs, expected", [
    ((64, 4), dict(stride=2, pad=1), 32),   # DCGAN discriminator: halves
    ((4, 4), {}, 1),                        # ... and its last layer: 4x4 -> 1x1
    ((28, 4), dict(stride=2, pad=1), 14),
    ((7, 4), dict(stride=2, pad=1), 3),     # 7 does not halve exactly: floor
    ((8, 3), dict(stride=2), 3),            # floor((8 - 2 - 1)/2) + 1 = 3, ceil would say 4
    ((5, 3), dict(pad=1), 5),               # 'same' padding: + 2*pad
    ((9, 3), dict(dilate=2), 5),            # dilated kernel spans 2*(3-1)+1 = 5
    ((10, 3), dict(stride=3, pad=2, dilate=3), 3),
])
def test_conv_out_known_values(kata, args, kwargs, expected):
    """Catches ceil instead of floor, pad added once, dilation ignored."""
    got = kata.conv_out(*args, **kwargs)
    size, kernel = args
    s, p, d = kwargs.get("stride", 1), kwargs.get("pad", 0), kwargs.get("dilate", 1)
    assert got == expected, (f"conv_out{args} {kwargs}: expected {expected}, got {got}; "
                             f"floor(({size} + 2*{p} - {d}*({kernel}-1) - 1)/{s}) + 1 = {expected}")


@pytest.mark.parametrize("args, kwargs, expected", [
    ((1, 4), {}, 4),                        # DCGAN generator: noise 1x1 -> 4x4
    ((4, 4), dict(stride=2, pad=1), 8),     # ... then doubles
    ((1, 7), {}, 7),                        # R CGAN: 1x1 -> 7x7
    ((7, 4), dict(stride=2, pad=1), 14),
    ((14, 4), dict(stride=2, pad=1), 28),
    ((4, 4), dict(pad=1), 5),               # (4-1)*1 - 2*1 + 4 = 5
    ((4, 3), dict(stride=2, pad=1, adj=1), 8),  # adj adds one row at the end
    ((5, 5), dict(stride=3, pad=2, adj=2), 15),
])
def test_deconv_out_known_values(kata, args, kwargs, expected):
    """Catches a deconvolution formula missing - 2*pad, ignoring adj, or
    using the convolution formula backwards."""
    got = kata.deconv_out(*args, **kwargs)
    size, kernel = args
    s, p, a = kwargs.get("stride", 1), kwargs.get("pad", 0), kwargs.get("adj", 0)
    assert got == expected, (f"deconv_out{args} {kwargs}: expected {expected}, got {got}; "
                             f"({size}-1)*{s} - 2*{p} + {kernel} + {a} = {expected}")


def test_conv_out_error_shows_the_formula(kata):
    """Catches a silent non-positive size, or an error that does not say why."""
    with pytest.raises(ValueError) as info:
        kata.conv_out(13, 9, stride=7, pad=1, dilate=2)  # 13 + 2 - 16 - 1 < 0
    message = str(info.value)
    missing = [n for n in ("13", "9", "7", "2") if n not in message]
    assert not missing, (f"the message should show the formula with the numbers plugged in "
                         f"(size 13, kernel 9, stride 7, pad 1, dilate 2); {missing} missing from: {message}")


def test_deconv_out_error_shows_the_formula(kata):
    """Catches a silent non-positive size, or an error that does not say why."""
    with pytest.raises(ValueError) as info:
        kata.deconv_out(1, 3, stride=5, pad=2)  # (1-1)*5 - 2*2 + 3 + 0 = -1
    message = str(info.value)
    missing = [n for n in ("-1", "5", "3") if n not in message]
    assert not missing, (f"the message should show (1-1)*5 - 2*2 + 3 + 0 = -1; "
                         f"{missing} missing from: {message}")


@pytest.mark.parametrize("call", [
    lambda k: k.deconv_out(4, 4, stride=2, adj=2),   # MXNet: adj must be smaller than stride
    lambda k: k.deconv_out(4, 4, stride=1, adj=1),
    lambda k: k.conv_out(7.5, 3),                     # a size from a bad division
    lambda k: k.deconv_out(3.5, 4),
    lambda k: k.conv_out(8, 0),
    lambda k: k.conv_out(8, 3, stride=0),
    lambda k: k.deconv_out(8, 3, pad=-1),
    lambda k: k.conv_out(2, 3),                       # kernel wider than the input
], ids=["adj=stride", "adj=stride=1", "float-size", "float-size-deconv", "kernel0",
        "stride0", "negative-pad", "kernel-too-wide"])
def test_rejects_what_mxnet_rejects(kata, call):
    """Catches silently accepted nonsense: adj >= stride, fractional sizes,
    zero kernels or strides, negative padding."""
    with pytest.raises(ValueError):
        call(kata)


@pytest.mark.usefixtures("conv_out_written")
@settings(max_examples=60, report_multiple_bugs=False)
@given(size=st.integers(1, 20), kernel=st.integers(1, 6), stride=st.integers(1, 4),
       pad=st.integers(0, 3), dilate=st.integers(1, 3))
def test_conv_out_matches_mxnet(kata, reference, size, kernel, stride, pad, dilate):
    """Catches any formula that disagrees with MXNet's Convolution, and a
    size MXNet rejects that is returned instead of raising ValueError."""
    plan = [("Conv", (1, kernel, stride, pad, dilate))]
    expected, rejected = mxnet_shapes(reference, (1, size, size), plan)
    want = "ValueError" if rejected is not None else expected[0][1]
    got = outcome(lambda: kata.conv_out(size, kernel, stride, pad, dilate))
    assert got == want, (f"conv_out({size}, {kernel}, stride={stride}, pad={pad}, dilate={dilate}): "
                         f"MXNet says {want}, got {got}; {formula('Conv', plan[0][1], (1, size, size))}")


@pytest.mark.usefixtures("deconv_out_written")
@settings(max_examples=60, report_multiple_bugs=False)
@given(params=deconv_params())
def test_deconv_out_matches_mxnet(kata, reference, params):
    """Catches any formula that disagrees with MXNet's Deconvolution
    (missing - 2*pad, adj ignored) and adj >= stride or a non-positive
    size returned instead of raising ValueError."""
    size, kernel, stride, pad, adj = params
    plan = [("Deconv", (1, kernel, stride, pad, adj))]
    expected, rejected = mxnet_shapes(reference, (1, size, size), plan)
    want = "ValueError" if rejected is not None else expected[0][1]
    got = outcome(lambda: kata.deconv_out(size, kernel, stride, pad, adj))
    assert got == want, (f"deconv_out({size}, {kernel}, stride={stride}, pad={pad}, adj={adj}): "
                         f"MXNet says {want}, got {got}; {formula('Deconv', plan[0][1], (1, size, size))}"
                         + ("" if adj < stride else f" (MXNet wants adj < stride, here {adj} >= {stride})"))


def test_pairs_work_per_axis(kata):
    """Catches (h, w) pairs handled as one number, or height and width swapped."""
    got = kata.conv_out((28, 64), (3, 4), stride=(1, 2), pad=(1, 1))
    assert tuple(got) == (28, 32), f"conv_out((28, 64), (3, 4), stride=(1, 2), pad=1): expected (28, 32), got {got}"
    got = kata.deconv_out((7, 4), 4, stride=2, pad=1, adj=(0, 1))
    assert tuple(got) == (14, 9), f"deconv_out((7, 4), 4, stride=2, pad=1, adj=(0, 1)): expected (14, 9), got {got}"
    got = kata.conv_out((9, 9), 3, dilate=(1, 2))
    assert tuple(got) == (7, 5), f"conv_out((9, 9), 3, dilate=(1, 2)): expected (7, 5), got {got}"


# ---------------------------------------------------------------- trace_shapes

TUTORIAL_G = [("Deconv", (1024, 4)), ("Deconv", (512, 4, 2, 1)), ("Deconv", (256, 4, 2, 1)),
              ("Deconv", (128, 4, 2, 1)), ("Deconv", (3, 4, 2, 1))]
TUTORIAL_D = [("Conv", (128, 4, 2, 1)), ("Conv", (256, 4, 2, 1)), ("Conv", (512, 4, 2, 1)),
              ("Conv", (1024, 4, 2, 1)), ("Conv", (1, 4)), ("Flatten", ())]


def test_trace_shapes_of_the_mxnet_dcgan_tutorial(kata):
    """Catches a trace that drops layers, keeps the input channels, or
    flattens wrongly (the 64x64 stacks of MXNet's DCGAN tutorial)."""
    g = kata.trace_shapes((100, 1, 1), build(kata, TUTORIAL_G))
    want = [(1024, 4, 4), (512, 8, 8), (256, 16, 16), (128, 32, 32), (3, 64, 64)]
    assert [tuple(s) for s in g] == want, f"generator from (100, 1, 1): expected {want}, got {g}"
    d = kata.trace_shapes((3, 64, 64), build(kata, TUTORIAL_D))
    want = [(128, 32, 32), (256, 16, 16), (512, 8, 8), (1024, 4, 4), (1, 1, 1), (1,)]
    assert [tuple(s) for s in d] == want, f"discriminator from (3, 64, 64): expected {want}, got {d}"


def test_trace_shapes_names_the_failing_layer(kata):
    """Catches an error that does not say which layer broke: the classic is
    the 64x64 discriminator fed 28x28 MNIST, whose fourth layer (index 3)
    gets a 3x3 input and whose last 4x4 conv cannot fit the 1x1 left."""
    with pytest.raises(ValueError) as info:
        kata.trace_shapes((1, 28, 28), build(kata, TUTORIAL_D))
    message = str(info.value)
    assert "layer 4" in message.lower(), (
        f"the message should name the layer that fails (layer 4, Conv(1, 4) on a 1x1 input); got: {message}")


def test_trace_shapes_rejects_a_conv_after_flatten(kata):
    """Catches a Conv applied to a flat (features,) shape: it needs (C, H, W)."""
    with pytest.raises(ValueError):
        kata.trace_shapes((3, 8, 8), [kata.Flatten(), kata.Conv(4, 3)])


@pytest.mark.usefixtures("trace_shapes_written")
@settings(max_examples=60, report_multiple_bugs=False)
@given(input_shape=input_shapes, plan=plans)
def test_trace_shapes_matches_mxnet(kata, reference, input_shape, plan):
    """Catches any per-layer shape that disagrees with MXNet's infer_shape,
    over random conv/deconv stacks with strides, dilation, adj and pairs,
    ending in Flatten or Dense; and a stack MXNet rejects that is accepted."""
    expected, rejected = mxnet_shapes(reference, input_shape, plan)
    got = outcome(lambda: [tuple(s) for s in kata.trace_shapes(input_shape, build(kata, plan))])
    want = "ValueError" if rejected is not None else expected
    if rejected is not None:
        heading = f"trace_shapes should raise ValueError: MXNet rejects layer {rejected}"
    else:
        heading = "trace_shapes disagrees with MXNet's infer_shape"
    assert got == want, heading + "\n" + explain(input_shape, plan, expected, None if got == "ValueError" else got)


# ---------------------------------------------------------------- count_params

def mxnet_param_count(reference, input_shape, plan, bias):
    net = reference.to_symbol(build(reference, plan), bias=bias)
    arg_shapes, _, _ = net.infer_shape(data=(2,) + tuple(input_shape))
    return sum(math.prod(shape) for name, shape in zip(net.list_arguments(), arg_shapes) if name != "data")


@pytest.mark.parametrize("bias", [True, False])
def test_count_params_of_the_tutorial_generator(kata, bias):
    """Catches biases counted when bias=False (or forgotten when True) and
    weights counted as in*out without the kernel area."""
    want = 100 * 1024 * 16 + 1024 * 512 * 16 + 512 * 256 * 16 + 256 * 128 * 16 + 128 * 3 * 16
    if bias:
        want += 1024 + 512 + 256 + 128 + 3
    got = kata.count_params((100, 1, 1), build(kata, TUTORIAL_G), bias=bias)
    assert got == want, f"the 64x64 tutorial generator has {want} parameters (bias={bias}), got {got}"


@pytest.mark.usefixtures("count_params_written")
@settings(max_examples=30, report_multiple_bugs=False)
@given(input_shape=input_shapes, plan=plans, bias=st.booleans())
def test_count_params_matches_mxnet(kata, reference, input_shape, plan, bias):
    """Catches a Dense layer counted on the channels only (it sees C*H*W
    inputs), (h, w) kernels counted as square, and biases miscounted."""
    if mxnet_shapes(reference, input_shape, plan)[1] is not None:
        return  # MXNet rejects the stack: nothing to count
    want = mxnet_param_count(reference, input_shape, plan, bias)
    got = kata.count_params(input_shape, build(kata, plan), bias=bias)
    assert got == want, (f"MXNet counts {want} parameters (bias={bias}), got {got}\n"
                         + explain(input_shape, plan, mxnet_shapes(reference, input_shape, plan)[0], None))


# ---------------------------------------------------------------- to_symbol

@pytest.mark.usefixtures("to_symbol_written")
@settings(max_examples=20, report_multiple_bugs=False)
@given(input_shape=input_shapes, plan=plans, bias=st.booleans())
def test_to_symbol_builds_the_same_network(kata, reference, input_shape, plan, bias):
    """Catches a Deconvolution left with MXNet's default no_bias=True, wrong
    layer names (other katas look parameters up by name) and any hyper-parameter
    not passed on to MXNet."""
    if mxnet_shapes(reference, input_shape, plan)[1] is not None:
        return
    shape = (2,) + tuple(input_shape)
    want = reference.to_symbol(build(reference, plan), bias=bias, prefix="g")
    got = kata.to_symbol(build(kata, plan), bias=bias, prefix="g")
    want_args = dict(zip(want.list_arguments(), want.infer_shape(data=shape)[0]))
    got_args = dict(zip(got.list_arguments(), got.infer_shape(data=shape)[0]))
    assert got_args == want_args, f"arguments and shapes: expected {want_args}, got {got_args}"
    assert got.infer_shape(data=shape)[1] == want.infer_shape(data=shape)[1]


def test_to_symbol_uses_the_given_input(kata):
    """Catches a symbol that always starts from Variable('data')."""
    net = kata.to_symbol([kata.Deconv(8, 4)], data=mx.sym.Variable("rand"), prefix="g")
    assert net.list_arguments()[0] == "rand", f"expected the input 'rand' first, got {net.list_arguments()}"
    _, (out,), _ = net.infer_shape(rand=(5, 10, 1, 1))
    assert out == (5, 8, 4, 4), f"expected (5, 8, 4, 4), got {out}"


# ---------------------------------------------------------------- solve_deconv

def brute_force(in_size, out_size, kernel):
    """Every (stride, pad, adj) within solve_deconv's documented bounds."""
    return [(s, p, a) for s in range(1, kernel + 1) for p in range(kernel) for a in range(s)
            if (in_size - 1) * s - 2 * p + kernel + a == out_size]


@pytest.mark.parametrize("in_size", [4, 7, 8, 14, 16, 32])
def test_solve_deconv_doubles_like_dcgan(kata, in_size):
    """Catches a solver that does not find the DCGAN doubling (kernel 4, stride 2, pad 1)."""
    got = tuple(kata.solve_deconv(in_size, 2 * in_size, 4))
    assert got == (2, 1, 0), (f"solve_deconv({in_size}, {2 * in_size}, 4): expected (2, 1, 0) "
                              f"since ({in_size}-1)*2 - 2*1 + 4 + 0 = {2 * in_size}, got {got}")


@pytest.mark.usefixtures("solve_deconv_written")
@settings(max_examples=60, report_multiple_bugs=False)
@given(in_size=st.integers(1, 12), out_size=st.integers(1, 40), kernel=st.integers(1, 6))
def test_solve_deconv_reaches_the_target(kata, reference, in_size, out_size, kernel):
    """Catches an adj >= stride (MXNet rejects it), a pad that misses the
    target, a stride larger than needed, and a solution missed or invented."""
    solutions = brute_force(in_size, out_size, kernel)
    if not solutions:
        with pytest.raises(ValueError):
            got = kata.solve_deconv(in_size, out_size, kernel)
            pytest.fail(f"no stride <= {kernel}, pad < {kernel}, adj < stride takes {in_size} to "
                        f"{out_size} with kernel {kernel}, yet solve_deconv returned {got}")
        return
    got = tuple(kata.solve_deconv(in_size, out_size, kernel))
    plan = [("Deconv", (1, kernel) + got)]
    shapes, rejected = mxnet_shapes(reference, (1, in_size, in_size), plan)
    assert rejected is None, f"MXNet rejects Deconv(kernel={kernel}) with (stride, pad, adj) = {got} on size {in_size}"
    assert shapes[0][1] == out_size, (f"solve_deconv({in_size}, {out_size}, {kernel}) = {got} but "
                                      f"{formula('Deconv', plan[0][1], (1, in_size, in_size))} != {out_size}")
    best = min(solutions)
    assert got[:2] == best[:2], (f"solve_deconv({in_size}, {out_size}, {kernel}): the smallest stride, "
                                 f"then the smallest pad, is {best}; got {got}")


# ---------------------------------------------------------------- plans

GENERATOR_SHAPES = {  # nz=100, ngf=8, nc=1: channels halve at every doubling
    28: [(16, 7, 7), (8, 14, 14), (1, 28, 28)],
    32: [(32, 4, 4), (16, 8, 8), (8, 16, 16), (1, 32, 32)],
    64: [(64, 4, 4), (32, 8, 8), (16, 16, 16), (8, 32, 32), (1, 64, 64)],
    128: [(128, 4, 4), (64, 8, 8), (32, 16, 16), (16, 32, 32), (8, 64, 64), (1, 128, 128)],
}


@pytest.mark.parametrize("image_size", sorted(GENERATOR_SHAPES))
def test_dcgan_layers_reach_the_image_size(kata, reference, image_size):
    """Catches a plan that overshoots or stops short (the 64x64 recipe copied
    for 28x28 gives 32x32), one stage too many or too few, and channel
    widths that do not halve per stage down to nc."""
    layers = kata.dcgan_layers(100, 8, 1, image_size)
    want = GENERATOR_SHAPES[image_size]
    plan = plan_of(layers)
    mxnet, rejected = mxnet_shapes(reference, (100, 1, 1), plan)
    assert rejected is None and mxnet == want, (
        f"dcgan_layers(100, 8, 1, {image_size}) from (100, 1, 1): expected {want}\n"
        + explain((100, 1, 1), plan, mxnet, None))
    got = [tuple(s) for s in kata.trace_shapes((100, 1, 1), layers)]
    assert got == want, f"trace_shapes of your plan: expected {want}, got {got}"


@pytest.mark.parametrize("image_size", [28, 32, 64])
def test_dcgan_layers_scale_with_ngf_and_nc(kata, reference, image_size):
    """Catches widths hard-coded for ngf=64 or nc=3."""
    layers = kata.dcgan_layers(10, 3, 2, image_size)
    shapes, rejected = mxnet_shapes(reference, (10, 1, 1), plan_of(layers))
    assert rejected is None and shapes[-1] == (2, image_size, image_size), (
        f"dcgan_layers(10, 3, 2, {image_size}) should end at (2, {image_size}, {image_size})\n"
        + explain((10, 1, 1), plan_of(layers), shapes, None))
    widths = [s[0] for s in shapes[:-1]]
    want = [3 * 2 ** i for i in reversed(range(len(widths)))]
    assert widths == want, f"expected widths {want} (ngf=3, halving down to ngf), got {widths}"


@pytest.mark.parametrize("image_size", [28, 32, 64, 128])
def test_discriminator_layers_end_at_one_logit(kata, reference, image_size):
    """Catches a discriminator that stops at 4x4 or 7x7 instead of one number,
    or halves a size that does not halve."""
    layers = kata.discriminator_layers(8, 3, image_size)
    plan = plan_of(layers)
    shapes, rejected = mxnet_shapes(reference, (3, image_size, image_size), plan)
    assert rejected is None and shapes[-1] == (1,), (
        f"discriminator_layers(8, 3, {image_size}) should end at (1,)\n"
        + explain((3, image_size, image_size), plan, shapes, None))
    got = [tuple(s) for s in kata.trace_shapes((3, image_size, image_size), layers)]
    assert got == shapes, f"trace_shapes of your plan: MXNet says {shapes}, got {got}"
    widths = [s[0] for s in shapes if len(s) == 3 and s[1] > 1]
    assert widths == [8 * 2 ** i for i in range(len(widths))], f"expected widths doubling from ndf=8, got {widths}"


@pytest.mark.parametrize("image_size", [27, 2, 3])
def test_plans_reject_sizes_that_do_not_halve(kata, image_size):
    """Catches a plan silently built for a size no stride-2 stack reaches."""
    with pytest.raises(ValueError):
        kata.dcgan_layers(100, 8, 1, image_size)
    with pytest.raises(ValueError):
        kata.discriminator_layers(8, 1, image_size)
