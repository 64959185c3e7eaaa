"""Tests of the conv_shapes kata: (de)convolution output sizes, whole stacks
traced layer by layer, parameter counts and DCGAN generator/discriminator plans.

The absolute check is MXNet itself: every shape is compared with
``infer_shape`` of the equivalent ``mx.sym`` (built by the reference's
``to_symbol``). Each test names, in its docstring, the mistake it catches.
"""
import math
import re
import warnings

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tests import strategies as S


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


def outcome(call, normalise):
    """What a call gives: its value normalised (exact ints, tuples), or
    "ValueError" when it raises one."""
    try:
        value = call()
    except ValueError:
        return "ValueError"
    return normalise(value)


def size_of(value, what):
    """A conv_out / deconv_out result: an int, or an (h, w) tuple of ints."""
    return S.int_tuple(value, what) if isinstance(value, tuple) else S.exact_int(value, what)


def shapes_of(value, what):
    """trace_shapes' result: a list of tuples of ints."""
    assert isinstance(value, list), f"{what} must be a list (one shape per layer), got {type(value).__name__}"
    return [S.int_tuple(shape, f"{what}[{i}]") for i, shape in enumerate(value)]


def numbers_in(message):
    """The (unsigned) integers written in a message."""
    return [int(m) for m in re.findall(r"\d+", message)]


def assert_formula_in(message, values, result, what):
    """The message shows every number of the formula and, after an "=", its result."""
    found = numbers_in(message)
    missing = [v for v in values if abs(v) not in found]
    sign = r"-\s*" if result < 0 else ""
    shown = re.search(rf"=\s*{sign}{abs(result)}(?!\d)", message) is not None
    assert not missing and shown, (
        f"{what}: the message should show the formula with the numbers plugged in "
        f"({', '.join(map(str, values))}) and its result (= {result}); "
        f"{'missing ' + str(missing) if missing else 'no = ' + str(result)} in: {message}")


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
    got = S.exact_int(kata.conv_out(*args, **kwargs), f"conv_out{args} {kwargs}")
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
    got = S.exact_int(kata.deconv_out(*args, **kwargs), f"deconv_out{args} {kwargs}")
    size, kernel = args
    s, p, a = kwargs.get("stride", 1), kwargs.get("pad", 0), kwargs.get("adj", 0)
    assert got == expected, (f"deconv_out{args} {kwargs}: expected {expected}, got {got}; "
                             f"({size}-1)*{s} - 2*{p} + {kernel} + {a} = {expected}")


def value_error_message(call, what):
    try:
        result = call()
    except ValueError as error:
        return str(error)
    raise AssertionError(f"{what} must raise ValueError, but it returned {result!r}")


@pytest.mark.parametrize("args, result", [
    ((5, 8, 3, 1, 2), -2),    # floor((5 + 2*1 - 2*(8-1) - 1)/3) + 1 = -2
    ((13, 9, 7, 1, 2), 0),    # floor((13 + 2*1 - 2*(9-1) - 1)/7) + 1 = 0
    ((3, 5, 1, 0, 1), -1),    # the docstring's example
])
def test_conv_out_error_shows_the_formula(kata, args, result):
    """Catches a silent non-positive size, or an error that does not say why."""
    message = value_error_message(lambda: kata.conv_out(*args), f"conv_out{args}")
    assert_formula_in(message, args, result, f"conv_out{args} (size, kernel, stride, pad, dilate)")


@pytest.mark.parametrize("args, result", [
    ((1, 3, 5, 2, 0), -1),    # (1-1)*5 - 2*2 + 3 + 0 = -1
    ((2, 4, 3, 5, 2), -1),    # (2-1)*3 - 2*5 + 4 + 2 = -1
    ((1, 2, 1, 1, 0), 0),     # the docstring's example
])
def test_deconv_out_error_shows_the_formula(kata, args, result):
    """Catches a silent non-positive size, or an error that does not say why."""
    message = value_error_message(lambda: kata.deconv_out(*args), f"deconv_out{args}")
    assert_formula_in(message, args, result, f"deconv_out{args} (size, kernel, stride, pad, adj)")


def test_pair_error_shows_the_failing_axis_formula(kata):
    """Catches the formula of a pair's failing axis lost on the way (only the width fails here)."""
    message = value_error_message(lambda: kata.conv_out((9, 3), (3, 6), stride=2), "conv_out((9, 3), (3, 6), stride=2)")
    assert_formula_in(message, (3, 6, 2), -1, "conv_out((9, 3), (3, 6), stride=2): the width, 3 with kernel 6,")
    message = value_error_message(lambda: kata.deconv_out((4, 1), 3, stride=(1, 5), pad=(0, 4)),
                                  "deconv_out((4, 1), 3, stride=(1, 5), pad=(0, 4))")
    assert_formula_in(message, (1, 5, 4, 3), -5, "deconv_out((4, 1), 3, stride=(1, 5), pad=(0, 4)): the width")


@pytest.mark.parametrize("function, args, kwargs", [
    pytest.param("deconv_out", (4, 4), dict(stride=2, adj=2), id="adj=stride"),
    pytest.param("deconv_out", (4, 4), dict(stride=1, adj=1), id="adj=stride=1"),
    pytest.param("conv_out", (7.5, 3), dict(), id="float-size"),
    pytest.param("deconv_out", (3.5, 4), dict(), id="float-size-deconv"),
    pytest.param("conv_out", (8, 0), dict(), id="kernel0"),
    pytest.param("conv_out", (8, 3), dict(stride=0), id="stride0"),
    pytest.param("deconv_out", (8, 3), dict(pad=-1), id="negative-pad"),
    pytest.param("conv_out", (2, 3), dict(), id="kernel-too-wide"),
    pytest.param("conv_out", (0, 1), dict(), id="size0"),
    pytest.param("conv_out", (8, 3), dict(dilate=0), id="dilate0"),
    pytest.param("conv_out", (8, 3), dict(pad=-1), id="conv-negative-pad"),
    pytest.param("deconv_out", (0, 1), dict(), id="deconv-size0"),
    pytest.param("deconv_out", (4, 0), dict(), id="deconv-kernel0"),
    pytest.param("deconv_out", (4, 4), dict(stride=0), id="deconv-stride0"),
    pytest.param("deconv_out", (4, 4), dict(stride=2, adj=-1), id="negative-adj"),
    pytest.param("conv_out", (8, 3.0), dict(), id="float-kernel"),
    pytest.param("deconv_out", (4, 4), dict(stride=2.0), id="float-stride"),
    pytest.param("conv_out", ((8, 8, 8), 3), dict(), id="3-tuple-size"),
    pytest.param("deconv_out", (4, (4, 4, 1)), dict(), id="3-tuple-kernel"),
])
def test_rejects_what_mxnet_rejects(kata, function, args, kwargs):
    """Catches silently accepted nonsense: adj >= stride (MXNet refuses it), fractional
    sizes, zero kernels, strides or sizes, negative padding, 3-tuples taken for pairs."""
    shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
    value_error_message(lambda: getattr(kata, function)(*args, **kwargs), f"{function}({shown})")


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
    got = outcome(lambda: kata.conv_out(size, kernel, stride, pad, dilate), lambda v: size_of(v, "conv_out"))
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
    got = outcome(lambda: kata.deconv_out(size, kernel, stride, pad, adj), lambda v: size_of(v, "deconv_out"))
    assert got == want, (f"deconv_out({size}, {kernel}, stride={stride}, pad={pad}, adj={adj}): "
                         f"MXNet says {want}, got {got}; {formula('Deconv', plan[0][1], (1, size, size))}"
                         + ("" if adj < stride else f" (MXNet wants adj < stride, here {adj} >= {stride})"))


def test_pairs_work_per_axis(kata):
    """Catches (h, w) pairs handled as one number, or height and width swapped."""
    got = S.int_tuple(kata.conv_out((28, 64), (3, 4), stride=(1, 2), pad=(1, 1)), "conv_out of pairs")
    assert got == (28, 32), f"conv_out((28, 64), (3, 4), stride=(1, 2), pad=1): expected (28, 32), got {got}"
    got = S.int_tuple(kata.deconv_out((7, 4), 4, stride=2, pad=1, adj=(0, 1)), "deconv_out of pairs")
    assert got == (14, 9), f"deconv_out((7, 4), 4, stride=2, pad=1, adj=(0, 1)): expected (14, 9), got {got}"
    got = S.int_tuple(kata.conv_out((9, 9), 3, dilate=(1, 2)), "conv_out of pairs")
    assert got == (7, 5), f"conv_out((9, 9), 3, dilate=(1, 2)): expected (7, 5), got {got}"
    got = S.int_tuple(kata.conv_out([9, 14], [3, 5], stride=[2, 3], pad=[0, 2]), "conv_out of lists")
    assert got == (4, 5), f"conv_out([9, 14], [3, 5], stride=[2, 3], pad=[0, 2]) (lists are pairs too): expected (4, 5), got {got}"
    got = S.int_tuple(kata.deconv_out(3, (4, 2), stride=(3, 2), pad=(2, 0), adj=(2, 0)), "deconv_out of pairs")
    assert got == (8, 6), f"deconv_out(3, (4, 2), stride=(3, 2), pad=(2, 0), adj=(2, 0)): expected (8, 6), got {got}"


def test_numpy_integers_are_integers(kata):
    """Catches np.int64 sizes (from numpy arithmetic) refused as "not an integer"."""
    i64, i32 = np.int64, np.int32
    got = S.exact_int(kata.conv_out(i64(64), i32(4), stride=i64(2), pad=i64(1), dilate=i64(1)), "conv_out of np.int64")
    assert got == 32, f"conv_out(np.int64(64), np.int32(4), stride=2, pad=1): expected 32, got {got}"
    got = S.exact_int(kata.deconv_out(i64(4), i64(4), i64(2), i64(1), i64(1)), "deconv_out of np.int64")
    assert got == 9, f"deconv_out(np.int64(4), 4, 2, 1, adj=1): expected 9, got {got}"
    got = S.int_tuple(kata.conv_out((i64(28), i64(64)), i64(4), stride=(i64(2), 2), pad=1), "conv_out of np.int64 pairs")
    assert got == (14, 32), f"conv_out((np.int64(28), np.int64(64)), 4, stride=2, pad=1): expected (14, 32), got {got}"
    shapes = shapes_of(kata.trace_shapes((i64(100), i64(1), i64(1)), [kata.Deconv(i64(8), i64(4)), kata.Flatten()]),
                       "trace_shapes of np.int64")
    assert shapes == [(8, 4, 4), (128,)], f"trace_shapes((np.int64(100), 1, 1), [Deconv(8, 4), Flatten()]): got {shapes}"
    count = S.exact_int(kata.count_params((i64(10), 1, 1), [kata.Deconv(i64(3), i64(2))]), "count_params")
    assert count == 10 * 3 * 4 + 3, f"count_params((10, 1, 1), [Deconv(3, 2)]) with np.int64: expected 123, got {count}"
    solved = S.int_tuple(kata.solve_deconv(i64(7), i64(14), i64(4)), "solve_deconv of np.int64")
    assert solved == (2, 1, 0), f"solve_deconv(np.int64(7), 14, 4): expected (2, 1, 0), got {solved}"
    assert plan_specs(kata, kata.dcgan_layers(i64(100), i64(8), i64(1), i64(28)), "dcgan_layers of np.int64") == \
        generator_specs(100, 8, 1, 28), "dcgan_layers(np.int64(100), 8, 1, 28) must give the 28x28 plan"
    assert plan_specs(kata, kata.discriminator_layers(i64(8), i64(1), i64(28)), "discriminator_layers") == \
        discriminator_specs(8, 1, 28), "discriminator_layers(np.int64(8), 1, 28) must give the 28x28 plan"


# ---------------------------------------------------------------- trace_shapes

TUTORIAL_G = [("Deconv", (1024, 4)), ("Deconv", (512, 4, 2, 1)), ("Deconv", (256, 4, 2, 1)),
              ("Deconv", (128, 4, 2, 1)), ("Deconv", (3, 4, 2, 1))]
TUTORIAL_D = [("Conv", (128, 4, 2, 1)), ("Conv", (256, 4, 2, 1)), ("Conv", (512, 4, 2, 1)),
              ("Conv", (1024, 4, 2, 1)), ("Conv", (1, 4)), ("Flatten", ())]


def test_trace_shapes_of_the_mxnet_dcgan_tutorial(kata):
    """Catches a trace that drops layers, keeps the input channels, or
    flattens wrongly (the 64x64 stacks of MXNet's DCGAN tutorial)."""
    g = shapes_of(kata.trace_shapes((100, 1, 1), build(kata, TUTORIAL_G)), "trace_shapes")
    want = [(1024, 4, 4), (512, 8, 8), (256, 16, 16), (128, 32, 32), (3, 64, 64)]
    assert g == want, f"generator from (100, 1, 1): expected {want}, got {g}"
    d = shapes_of(kata.trace_shapes((3, 64, 64), build(kata, TUTORIAL_D)), "trace_shapes")
    want = [(128, 32, 32), (256, 16, 16), (512, 8, 8), (1024, 4, 4), (1, 1, 1), (1,)]
    assert d == want, f"discriminator from (3, 64, 64): expected {want}, got {d}"


def test_trace_shapes_names_the_failing_layer(kata):
    """Catches an error that does not say which layer broke: the classic is
    the 64x64 discriminator fed 28x28 MNIST, whose fourth layer (index 3)
    gets a 3x3 input and whose last 4x4 conv cannot fit the 1x1 left."""
    message = value_error_message(lambda: kata.trace_shapes((1, 28, 28), build(kata, TUTORIAL_D)),
                                  "trace_shapes((1, 28, 28), the 64x64 discriminator)")
    assert message.lower().startswith("layer 4"), (
        f"the message should start with the layer that fails (layer 4, Conv(1, 4) on a 1x1 input); got: {message}")
    assert "Conv" in message and "(1024, 1, 1)" in message, (
        f"the message should show the layer's spec (a Conv) and its input shape (1024, 1, 1); got: {message}")
    assert_formula_in(message, (1, 4), -2, "layer 4, Conv(1, 4) on a 1x1 input:")
    message = value_error_message(lambda: kata.trace_shapes((2, 5, 5), [kata.Conv(2, 3), kata.Deconv(1, 2, 1, 3)]),
                                  "trace_shapes((2, 5, 5), [Conv(2, 3), Deconv(1, 2, 1, 3)])")
    assert message.lower().startswith("layer 1") and "(2, 3, 3)" in message and "Deconv" in message, (
        f"the message should start with layer 1, its spec (a Deconv) and its input shape (2, 3, 3); got: {message}")
    assert_formula_in(message, (3, 2, 1, 3), -2, "layer 1, Deconv(1, 2, stride=1, pad=3) on a 3x3 input:")


def test_trace_shapes_rejects_a_conv_after_flatten(kata):
    """Catches a Conv applied to a flat (features,) shape: it needs (C, H, W)."""
    for second in (kata.Conv(4, 3), kata.Deconv(4, 3)):
        value_error_message(lambda: kata.trace_shapes((3, 8, 8), [kata.Flatten(), second]),
                            f"trace_shapes((3, 8, 8), [Flatten(), {type(second).__name__}(4, 3)])")
    value_error_message(lambda: kata.trace_shapes((3, 8, 8), [("Conv", 4, 3)]),
                        "trace_shapes with a plain tuple instead of a Conv spec")
    value_error_message(lambda: kata.trace_shapes((3, 0, 8), [kata.Conv(4, 3)]), "trace_shapes((3, 0, 8), ...)")


@pytest.mark.usefixtures("trace_shapes_written")
@settings(max_examples=60, report_multiple_bugs=False)
@given(input_shape=input_shapes, plan=plans)
def test_trace_shapes_matches_mxnet(kata, reference, input_shape, plan):
    """Catches any per-layer shape that disagrees with MXNet's infer_shape,
    over random conv/deconv stacks with strides, dilation, adj and pairs,
    ending in Flatten or Dense; and a stack MXNet rejects that is accepted."""
    expected, rejected = mxnet_shapes(reference, input_shape, plan)
    got = outcome(lambda: kata.trace_shapes(input_shape, build(kata, plan)), lambda v: shapes_of(v, "trace_shapes"))
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
    got = S.exact_int(kata.count_params((100, 1, 1), build(kata, TUTORIAL_G), bias=bias), "count_params")
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
    got = S.exact_int(kata.count_params(input_shape, build(kata, plan), bias=bias), "count_params")
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
    assert isinstance(got, mx.sym.Symbol), f"to_symbol must return an mx.sym.Symbol, got {type(got).__name__}"
    want_args = dict(zip(want.list_arguments(), want.infer_shape(data=shape)[0]))
    got_args = dict(zip(got.list_arguments(), got.infer_shape(data=shape)[0]))
    assert got_args == want_args, f"{plan_text(plan)}, bias={bias}: arguments and shapes: expected {want_args}, got {got_args}"
    layers = [f"g{i}_output" for i in range(len(plan))]
    outputs = got.get_internals().list_outputs()
    missing = [name for name in layers if name not in outputs]
    assert not missing, f"{plan_text(plan)}: layer i must be named g{{i}} (prefix='g'); no {missing} among {outputs}"
    assert got.list_outputs() == [layers[-1]], f"the network's output must be {layers[-1]}, got {got.list_outputs()}"
    rng = np.random.RandomState(0)
    values = {name: mx.nd.array(rng.uniform(-1, 1, size=s)) for name, s in want_args.items()}
    ours, theirs = got.eval(ctx=mx.cpu(), **values)[0], want.eval(ctx=mx.cpu(), **values)[0]
    np.testing.assert_allclose(S.nd_array(ours, "to_symbol's output"), theirs.asnumpy(), rtol=1e-4, atol=1e-4, err_msg=(
        f"{plan_text(plan)}, bias={bias}: with the same weights your network computes something else than the "
        "reference's: pass every hyper-parameter (kernel, stride, pad, dilate, adj) on to MXNet"))


def plan_text(plan):
    return "[" + ", ".join(f"{kind}{args}" for kind, args in plan) + "]"


def test_to_symbol_defaults(kata):
    """Catches other defaults than data=Variable('data'), bias=True and prefix="layer"."""
    net = kata.to_symbol([kata.Conv(2, 3), kata.Flatten()])
    want = ["data", "layer0_weight", "layer0_bias"]
    assert net.list_arguments() == want, f"to_symbol([Conv(2, 3), Flatten()]): expected the arguments {want}, got {net.list_arguments()}"
    assert net.list_outputs() == ["layer1_output"], f"expected the output layer1_output, got {net.list_outputs()}"


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
    got = S.int_tuple(kata.solve_deconv(in_size, 2 * in_size, 4), "solve_deconv")
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
        message = value_error_message(lambda: kata.solve_deconv(in_size, out_size, kernel), (
            f"solve_deconv({in_size}, {out_size}, {kernel}) (no stride <= {kernel}, pad < {kernel}, "
            f"adj < stride reaches {out_size})"))
        found = numbers_in(message)
        missing = [v for v in (in_size, out_size, kernel) if v not in found]
        assert not missing, (f"solve_deconv({in_size}, {out_size}, {kernel}): the message should show the formula "
                             f"with in_size, out_size and kernel; {missing} missing from: {message}")
        return
    got = S.int_tuple(kata.solve_deconv(in_size, out_size, kernel), "solve_deconv")
    assert len(got) == 3, f"solve_deconv must return (stride, pad, adj), got {got}"
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
    got = shapes_of(kata.trace_shapes((100, 1, 1), layers), "trace_shapes")
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
    got = shapes_of(kata.trace_shapes((3, image_size, image_size), layers), "trace_shapes")
    assert got == shapes, f"trace_shapes of your plan: MXNet says {shapes}, got {got}"
    widths = [s[0] for s in shapes if len(s) == 3 and s[1] > 1]
    assert widths == [8 * 2 ** i for i in range(len(widths))], f"expected widths doubling from ndf=8, got {widths}"


@pytest.mark.parametrize("image_size", [27, 2, 3, 4, 6, 7, 0, -8])
def test_plans_reject_sizes_that_do_not_halve(kata, image_size):
    """Catches a plan silently built for a size no stride-2 stack reaches."""
    value_error_message(lambda: kata.dcgan_layers(100, 8, 1, image_size), f"dcgan_layers(100, 8, 1, {image_size})")
    value_error_message(lambda: kata.discriminator_layers(8, 1, image_size), f"discriminator_layers(8, 1, {image_size})")


@pytest.mark.parametrize("call, what", [
    (lambda k: k.dcgan_layers(0, 8, 1, 28), "dcgan_layers(nz=0, ...)"),
    (lambda k: k.dcgan_layers(100, 0, 1, 28), "dcgan_layers(ngf=0, ...)"),
    (lambda k: k.dcgan_layers(100, 8, 0, 28), "dcgan_layers(nc=0, ...)"),
    (lambda k: k.discriminator_layers(0, 1, 28), "discriminator_layers(ndf=0, ...)"),
    (lambda k: k.discriminator_layers(8, 0, 28), "discriminator_layers(nc=0, ...)"),
    (lambda k: k.dcgan_layers(100, 8, 1, 28.0), "dcgan_layers(image_size=28.0)"),
])
def test_plans_reject_bad_widths(kata, call, what):
    """Catches a plan with no noise, no filters or no channels built silently."""
    value_error_message(lambda: call(kata), what)


# The plans the docstrings give, spec by spec (kind, num_filter, kernel, stride, pad, adj or dilate).

def stages(image_size):
    base, k = image_size, 0
    while base % 2 == 0 and base // 2 >= 4:
        base, k = base // 2, k + 1
    return base, k


def generator_specs(nz, ngf, nc, image_size):
    base, k = stages(image_size)
    widths = [ngf * 2 ** (k - 1 - i) for i in range(k)] + [nc]
    return ([("Deconv", widths[0], (base, base), (1, 1), (0, 0), (0, 0))]
            + [("Deconv", w, (4, 4), (2, 2), (1, 1), (0, 0)) for w in widths[1:]])


def discriminator_specs(ndf, nc, image_size):
    base, k = stages(image_size)
    return ([("Conv", ndf * 2 ** i, (4, 4), (2, 2), (1, 1), (1, 1)) for i in range(k)]
            + [("Conv", 1, (base, base), (1, 1), (0, 0), (1, 1)), ("Flatten",)])


def plan_specs(kata, layers, what):
    """A plan as comparable tuples, after checking it is a list of the kata's specs."""
    assert isinstance(layers, list), f"{what} must return a list of layer specs, got {type(layers).__name__}"
    specs = []
    for i, layer in enumerate(layers):
        if isinstance(layer, kata.Flatten):
            specs.append(("Flatten",))
            continue
        for kind, last in (("Conv", "dilate"), ("Deconv", "adj")):
            if isinstance(layer, getattr(kata, kind)):
                break
        else:
            raise AssertionError(f"{what}[{i}] must be a Conv, Deconv or Flatten spec, got {layer!r}")
        fields = [getattr(layer, name) for name in ("kernel", "stride", "pad", last)]
        pairs = [S.int_tuple(v, f"{what}[{i}]", (tuple, list)) if isinstance(v, (tuple, list))
                 else (S.exact_int(v, f"{what}[{i}]"),) * 2 for v in fields]
        specs.append((kind, S.exact_int(layer.num_filter, f"{what}[{i}].num_filter")) + tuple(pairs))
    return specs


def spec_text(spec):
    if spec[0] == "Flatten":
        return "Flatten()"
    last = "dilate" if spec[0] == "Conv" else "adj"
    return (f"{spec[0]}({spec[1]}, kernel={spec[2][0]}, stride={spec[3][0]}, pad={spec[4][0]}, {last}={spec[5][0]})"
            if all(p[0] == p[1] for p in spec[2:]) else repr(spec))


def assert_same_plan(got, want, what):
    lines = [f"{'  ' if g == w else '>>'} layer {i}: expected {spec_text(w) if w else '-'}, got {spec_text(g) if g else '-'}"
             for i, (g, w) in enumerate(zip(got + [None] * len(want), want + [None] * len(got)))
             if g is not None or w is not None]
    assert got == want, f"{what}: the plan differs from the one the docstring gives\n" + "\n".join(lines)


PLAN_SIZES = [8, 12, 16, 20, 24, 28, 32, 48, 56, 64, 96, 128]


@pytest.mark.parametrize("image_size", PLAN_SIZES)
def test_dcgan_layers_are_the_documented_specs(kata, image_size):
    """Catches a plan with the right shapes but another network: kernel 3 with adj 1, a
    stride-2 first layer, pads or widths off, plain tuples instead of Deconv specs."""
    for nz, ngf, nc in ((100, 8, 1), (10, 3, 2), (1, 1, 1)):
        what = f"dcgan_layers({nz}, {ngf}, {nc}, {image_size})"
        assert_same_plan(plan_specs(kata, kata.dcgan_layers(nz, ngf, nc, image_size), what),
                         generator_specs(nz, ngf, nc, image_size), what)


@pytest.mark.parametrize("image_size", PLAN_SIZES)
def test_discriminator_layers_are_the_documented_specs(kata, image_size):
    """Catches a discriminator with kernel 3 (same shapes, another network), a last
    layer that is not Conv(1, base), widths that do not double, or a missing Flatten."""
    for ndf, nc in ((8, 3), (5, 1), (1, 1)):
        what = f"discriminator_layers({ndf}, {nc}, {image_size})"
        assert_same_plan(plan_specs(kata, kata.discriminator_layers(ndf, nc, image_size), what),
                         discriminator_specs(ndf, nc, image_size), what)
