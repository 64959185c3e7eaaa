"""Where the time of a DCGAN step goes: each convolution layer of the
reference DCGAN timed alone, forward + backward, in two ways, against the
matrix-product ceiling.

- *direct*: ``mx.nd.Convolution`` / ``mx.nd.Deconvolution``, as the katas
  write them (oneDNN's convolution kernels on the CPU, cuDNN on a GPU);
- *as GEMM*: the same layer rewritten as one big matrix product: im2col
  unfolds every kernel-sized patch into a row, ``FullyConnected`` multiplies
  all rows by the weights at once, col2im folds a deconvolution's result back.

A step is made of these layers (plus BatchNorm, activations, the loss and
the optimizer, which count no FLOPs here), so the FLOP-weighted efficiency
of its layers alone is about what the step can reach. On the 2-core
development VM's CPU the layers whose small side is 8x8 or less run far
better as a GEMM, the larger ones far better directly (README.md has the
numbers): the best algorithm depends on the shape, and on a CPU MXNet does
not try both (cuDNN's autotuner does, on a GPU).

``rewrite`` turns a symbol's small layers into their GEMM form (same
weights, same function); the benchmark variant ``dcgan_module gemm`` runs the
reference train_step on such modules. ``python -m common.bench.layers``
prints the table; ``make bench BENCH_ARGS=--layers`` appends it to its own.
"""
import argparse
import ast
import json
import sys
from pathlib import Path

import common  # noqa: F401  (threads before mxnet)
from common.bench import core as bench
from common.bench.report import text_table

FORMS = ("direct", "gemm")


def dcgan_layers(module, size="tutorial"):
    """[(Layer, passes)]: the convolution layers of ``module``'s DCGAN (the
    dcgan_module kata: G's deconvolutions, D's convolutions) at the bench's
    ``size``, each with how many forward + backward passes one Module-API
    training step makes of it (G once; D on fake, on real, and again for G)."""
    batch, width = (64, 128) if size == "tutorial" else (16, 32)
    g = bench.symbol_layers(module.generator_symbol(width, 3, 64), rand=(batch, bench.NZ, 1, 1))
    d = bench.symbol_layers(module.discriminator_symbol(width, 64), data=(batch, 3, 64, 64),
                            label=(batch,))
    return [(layer, 1) for layer in g] + [(layer, 3) for layer in d]


def _tuple(attrs, key, default):
    return tuple(ast.literal_eval(attrs[key])) if key in attrs else default


def unsupported(layer):
    """Why ``layer`` has no GEMM form here, or '' when it has one: a 2-D
    Convolution or Deconvolution without bias, groups, dilation, a target
    shape or a layout of its own (the DCGAN's layers)."""
    attrs = layer.attrs
    if layer.op not in ("Convolution", "Deconvolution"):
        return f"{layer.name} is a {layer.op}, not a (de)convolution"
    if len(_tuple(attrs, "kernel", ())) != 2:
        return f"{layer.name} is not 2-D"
    if attrs.get("no_bias", "False") != "True":
        return f"{layer.name} has a bias"
    if int(attrs.get("num_group", 1)) != 1 or _tuple(attrs, "dilate", (1, 1)) != (1, 1):
        return f"{layer.name} has groups or dilation"
    if any(n for key in ("target_shape", "adj") for n in _tuple(attrs, key, ())):
        return f"{layer.name} sets target_shape or adj"
    if attrs.get("layout", "None") not in ("None", "NCHW"):
        return f"{layer.name} has layout {attrs['layout']}"
    return ""


def conv_params(layer):
    """kernel, stride and pad of a layer that has a GEMM form, as tuples
    (ValueError naming the reason otherwise)."""
    reason = unsupported(layer)
    if reason:
        raise ValueError(f"no GEMM form: {reason}")
    attrs = layer.attrs
    kernel, stride = _tuple(attrs, "kernel", ()), _tuple(attrs, "stride", (1, 1))
    return kernel, stride, _tuple(attrs, "pad", (0, 0))


def direct(F, layer, x, weight):
    """The layer as MXNet's own operator, with the symbol's attributes.
    ``F`` is the operator namespace, ``mx.nd`` or ``mx.sym`` (as in Gluon's
    hybrid_forward)."""
    conv_params(layer)  # the layers as_gemm can stand in for
    return getattr(F, layer.op)(x, weight, **layer.attrs)


def gemm_weight(layer, weight):
    """The layer's weight rearranged as the matrix the GEMM form multiplies
    by: (filters, C*kh*kw) for a Convolution's (filters, C, kh, kw) weight,
    (filters*kh*kw, C) for a Deconvolution's (C, filters, kh, kw). Works on
    NDArrays and Symbols."""
    if layer.op == "Convolution":
        return weight.reshape((layer.weight_shape[0], -1))
    return weight.reshape((layer.weight_shape[0], -1)).transpose()


def as_gemm(F, layer, x, weight):
    """The layer as one matrix product, same weight, same result (``F`` as
    in ``direct``). Convolution: every output pixel's patch (C*kh*kw values)
    becomes a row; rows x weight.T gives all outputs. Deconvolution: every
    input pixel times the weight gives its filters*kh*kw contributions;
    col2im adds the overlapping ones into the output image."""
    kernel, stride, pad = conv_params(layer)
    batch, channels, height, width = layer.data_shape
    out_h, out_w = layer.out_shape[2:]
    matrix = gemm_weight(layer, weight)
    taps = kernel[0] * kernel[1]
    if layer.op == "Convolution":
        filters = layer.weight_shape[0]
        cols = F.im2col(x, kernel=kernel, stride=stride, pad=pad)           # (B, C*kh*kw, L)
        rows = cols.transpose((0, 2, 1)).reshape((-1, channels * taps))     # (B*L, C*kh*kw)
        out = F.FullyConnected(rows, matrix, num_hidden=filters, no_bias=True)
        return out.reshape((batch, out_h, out_w, filters)).transpose((0, 3, 1, 2))
    spread = layer.weight_shape[1] * taps
    rows = x.transpose((0, 2, 3, 1)).reshape((-1, channels))               # (B*H*W, C)
    out = F.FullyConnected(rows, matrix, num_hidden=spread, no_bias=True)  # (B*H*W, filters*kh*kw)
    cols = out.reshape((batch, height * width, spread)).transpose((0, 2, 1))
    return F.col2im(cols, output_size=(out_h, out_w), kernel=kernel, stride=stride, pad=pad)


def layer_step(layer, ctx, form="direct"):
    """A function running ``layer`` forward and backward once (gradients for
    its input and its weight, as training needs) on random data. Bound once
    as an executor, like a Module's layers: every buffer is allocated before
    the first call, so the time is the kernels'."""
    import mxnet as mx
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")
    build = direct if form == "direct" else as_gemm
    out = build(mx.sym, layer, mx.sym.var("data"), mx.sym.var("weight"))
    executor = out.simple_bind(ctx, grad_req="write", data=layer.data_shape,
                               weight=layer.weight_shape)
    executor.arg_dict["data"][:] = mx.nd.random.normal(0, 1, shape=layer.data_shape, ctx=ctx)
    executor.arg_dict["weight"][:] = mx.nd.random.normal(0, 0.02, shape=layer.weight_shape, ctx=ctx)
    head = mx.nd.random.normal(0, 1, shape=layer.out_shape, ctx=ctx)

    def step():
        executor.forward(is_train=True)
        executor.backward(head)
        bench.sync()
    return step


def small_side(layer):
    """The spatial size at a (de)convolution's small end: a Convolution's
    output, a Deconvolution's input."""
    shape = layer.out_shape if layer.op == "Convolution" else layer.data_shape
    return min(shape[2:])


GEMM_SIDE = 8  # measured on the 2-core VM's CPU: up to 8x8, the GEMM form wins there


def gemm_when_small(layer, side=GEMM_SIDE):
    """The rule the 'gemm' benchmark variant follows: a (de)convolution that
    has a GEMM form and whose small side is at most ``side`` pixels runs as
    a GEMM (in the DCGAN: g1, g2, g3 and d3, d4, d5)."""
    return not unsupported(layer) and small_side(layer) <= side


def _operator(op):
    """The mx.sym function of an operator named as in a symbol's JSON."""
    import mxnet as mx
    for space, prefix in ((mx.sym, ""), (mx.sym._internal, ""), (mx.sym.contrib, "_contrib_")):
        if op.startswith(prefix) and hasattr(space, op[len(prefix):]):
            return getattr(space, op[len(prefix):])
    raise ValueError(f"rewrite cannot rebuild operator {op!r}")


def rewrite(sym, use_gemm, **input_shapes):
    """A copy of ``sym`` in which each (de)convolution layer for which
    ``use_gemm(layer)`` is true runs ``as_gemm``: same variables (names,
    shapes, attributes), same function, other kernels. ``input_shapes`` as
    for ``infer_shape`` (the GEMM form needs every layer's shapes). A layer
    chosen without a GEMM form is a ValueError."""
    import mxnet as mx
    layers = {layer.name: layer for layer in bench.symbol_layers(sym, **input_shapes)}
    graph = json.loads(sym.tojson())
    nodes = graph["nodes"]
    gemm = {name for name, layer in layers.items() if use_gemm(layer)}
    for name in gemm:
        conv_params(layers[name])  # a ValueError naming why, for a layer with no GEMM form
    # the GEMM form reshapes its weight: MXNet cannot infer the shape back through that
    weight_shapes = {nodes[node["inputs"][1][0]]["name"]: layers[node["name"]].weight_shape
                     for node in nodes if node["op"] != "null" and node["name"] in gemm}
    built = []
    for node in nodes:
        inputs = [built[ref[0]][ref[1]] for ref in node["inputs"]]
        name, op, attrs = node["name"], node["op"], node.get("attrs", {})
        if op == "null":
            built.append(mx.sym.var(name, shape=weight_shapes.get(name), attr=attrs or None))
        elif name in gemm:
            built.append(as_gemm(mx.sym, layers[name], *inputs))
        else:
            built.append(_operator(op)(*inputs, name=name, **attrs))
    heads = [built[ref[0]][ref[1]] for ref in graph["heads"]]
    return heads[0] if len(heads) == 1 else mx.sym.Group(heads)


CEILING_WINDOW = 1.0  # seconds: about as long as the slowest layer's step


def measure(ctx, size="tutorial", rounds=3, module=None):
    """Time every DCGAN layer alone, both forms interleaved (best of
    ``rounds``), between two sustained ceilings (the better one counts, as
    for the step benchmarks). Returns (rows, ceiling)."""
    from common.harness import loader
    module = module or loader.load("solutions", "dcgan_module")
    layers = dcgan_layers(module, size)
    ceiling = bench.sustained_ceiling(ctx, CEILING_WINDOW)
    works = [(layer_step(layer, ctx, "direct"), layer_step(layer, ctx, "gemm"))
             for layer, _ in layers]
    best = bench.interleaved([step for pair in works for step in pair], rounds)
    ceiling = max(ceiling, bench.sustained_ceiling(ctx, CEILING_WINDOW))
    rows = []
    for i, (layer, passes) in enumerate(layers):
        rows.append({"layer": layer.name, "op": layer.op, "input": list(layer.data_shape),
                     "output": list(layer.out_shape), "passes": passes,
                     "flops": bench.TRAIN_FACTOR * layer.flops,
                     "direct_s": best[2 * i], "gemm_s": best[2 * i + 1],
                     "rule": "GEMM" if gemm_when_small(layer) else "direct"})
    return rows, ceiling


def weighted(rows, ceiling):
    """(direct, best): the step's conv layers alone, weighted by how often
    the step runs them, as a fraction of the ceiling: all direct, and each
    layer in its faster form."""
    flops = sum(r["passes"] * r["flops"] for r in rows)
    direct_s = sum(r["passes"] * r["direct_s"] for r in rows)
    best_s = sum(r["passes"] * min(r["direct_s"], r["gemm_s"]) for r in rows)
    return flops / direct_s / ceiling, flops / best_s / ceiling


def _shape(shape):
    return "x".join(str(n) for n in shape)


def format_rows(rows, ceiling, title):
    """The layer table, as lines of text, with the weighted totals underneath."""
    head = ["layer", "op", "input -> output", "per step", "GFLOP", "direct ms", "% ceil",
            "as GEMM ms", "% ceil", "variant gemm"]
    body = []
    for r in rows:
        pct = [f"{100 * r['flops'] / r[k] / ceiling:.0f}%" for k in ("direct_s", "gemm_s")]
        body.append([r["layer"], r["op"], f"{_shape(r['input'])} -> {_shape(r['output'])}",
                     f"{r['passes']}x", f"{r['flops'] / 1e9:.2f}", f"{r['direct_s'] * 1e3:.1f}",
                     pct[0], f"{r['gemm_s'] * 1e3:.1f}", pct[1], r["rule"]])
    lines = [title] + text_table(head, body)
    every, best = weighted(rows, ceiling)
    lines.append(f"the layers alone, weighted by how often a step runs them: {every:.0%} of the "
                 f"ceiling direct, {best:.0%} each in its faster form (a step adds BatchNorm, "
                 "activations, the loss and Adam)")
    return lines


def write_chart(rows, ceiling, title, path):
    """A PNG: for each layer, its percentage of the ceiling as MXNet's
    operator and as a GEMM, side by side."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(figsize=(10, 4.5))
    xs = range(len(rows))
    for offset, key, label, color in ((-0.2, "direct_s", "direct (MXNet's operator)", "tab:blue"),
                                      (0.2, "gemm_s", "as GEMM (im2col / col2im)", "tab:orange")):
        axes.bar([x + offset for x in xs], [100 * r["flops"] / r[key] / ceiling for r in rows],
                 width=0.4, label=label, color=color)
    axes.set_xticks(list(xs), [f"{r['layer']}\n{r['input'][2]}x{r['input'][3]}->"
                               f"{r['output'][2]}x{r['output'][3]}" for r in rows], fontsize=8)
    axes.axhline(100, color="tab:red", linestyle="--", linewidth=1)
    axes.set_ylabel("% of the matrix-product ceiling")
    axes.set_title(title, fontsize=9)
    axes.legend(fontsize=8)
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def report(ctx, size="tutorial", rounds=3, results=None):
    """Measure, write results/layers.json and layers.png when ``results``
    is given, and return the table's lines."""
    rows, ceiling = measure(ctx, size, rounds)
    title = (f"DCGAN {size} layers alone (forward + backward, best of {rounds}, "
             f"ceiling {ceiling / 1e9:.1f} GFLOP/s):")
    lines = format_rows(rows, ceiling, title)
    if results is not None:
        Path(results).mkdir(parents=True, exist_ok=True)
        (Path(results) / "layers.json").write_text(
            json.dumps({"size": size, "ceiling": ceiling, "rows": rows}, indent=1))
        write_chart(rows, ceiling, title.rstrip(":"), Path(results) / "layers.png")
        lines.append(f"written: {Path(results) / 'layers.json'}, {Path(results) / 'layers.png'}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m common.bench.layers",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="tutorial", choices=bench.SIZES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--results", default=str(bench.RESULTS), help="where layers.json goes")
    args = parser.parse_args(argv)
    ctx, _ = bench.select_context(verbose=True)
    print("\n".join(report(ctx, args.size, args.rounds, args.results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
