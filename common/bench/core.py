"""The measuring tools of the benchmarks: the device, a matrix-product
ceiling to hold each step against, and FLOPs counted from layer shapes.

- the device: ``env.select_context()`` (the project's one picker) tries a
  tiny op on ``mx.gpu(0)`` and falls back to the CPU with a reason;
- the ceiling: ``measure_ceiling``, the best of a few large float32 matrix
  products; ``sustained_ceiling``, products back to back for as long as a
  step takes (what each benchmarked step is held against, measured just
  before and after it);
- FLOP counting from layer shapes: ``conv_flops``, ``deconv_flops``,
  ``dense_flops``, ``lstm_flops``; ``symbol_layers`` lists a symbol's
  Convolution / Deconvolution / FullyConnected / RNN layers with their
  shapes and FLOPs, ``symbol_flops`` adds them up. Training one layer costs
  about ``TRAIN_FACTOR`` = 3 forward passes (forward, gradient for the
  input, gradient for the weights).

Elementwise layers (BatchNorm, activations, the loss) are not counted: they
move memory rather than multiply, so the FLOP/s figure is that of the
multiply-heavy layers, divided by the time of the whole step.
"""
import json
import math
import os
import time
from dataclasses import dataclass

import common  # noqa: F401  (threads before mxnet)
from common.course import ROOT

RESULTS = ROOT / "results"
LIMIT = 1.5            # a step slower than LIMIT x the reference fails the throughput check
TRAIN_FACTOR = 3       # forward + backward ~ 3 forward passes, for layers with weights
SIZES = ("small", "tutorial")
NZ = 100               # noise dimensions of every GAN here
VOCAB = 86             # the Nietzsche text's distinct characters


def select_context(verbose=False):
    """(ctx, note) from the project's device picker, common.env.select_context."""
    from common import env
    ctx, note = env.select_context()
    if verbose:
        print(f"bench device: {note}", flush=True)
    return ctx, note


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


def python_overhead(step, rounds=3):
    """The share of a step's wall time spent outside MXNet's operators: Python
    between the operators, dispatch, and waits for results it could have
    read later. MXNet's profiler sums the time of every operator the engine
    ran (``WaitForVar``, a wait, not counted) over ``rounds`` steps; the rest
    of the wall time is the overhead. (The profiler itself adds a little.)"""
    import tempfile
    import mxnet as mx
    step()
    with tempfile.TemporaryDirectory(prefix="profile-") as folder:
        # never os.devnull: MXNet's profiler replaces its file, and as root it would
        # turn /dev/null into a regular file
        mx.profiler.set_config(profile_all=True, aggregate_stats=True,
                               filename=os.path.join(folder, "profile.json"))
        mx.profiler.set_state("run")
        start = time.perf_counter()
        for _ in range(rounds):
            step()
        sync()
        wall = time.perf_counter() - start
        mx.profiler.set_state("stop")
        stats = json.loads(mx.profiler.dumps(reset=True, format="json")).get("Time", {})
    busy = sum(v["Total"] for name, v in stats.get("operator", {}).items() if name != "WaitForVar") / 1e3
    return max(0.0, 1 - busy / wall) if wall > 0 else 0.0
