"""common.bench.layers: the GEMM form of a (de)convolution computes what the
operator computes (values and gradients), the symbol rewrite keeps the
variables and the function, the rule picks the small layers, and the table
adds up. Small shapes on the CPU: no benchmark is run here."""
import json

import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd

from common.bench import core, workloads
from common.bench import layers as bench_layers
from common.harness import loader


def one_layer(op, in_shape, **attrs):
    """The Layer of a single Convolution / Deconvolution on ``in_shape``."""
    attrs.setdefault("no_bias", True)
    sym = getattr(mx.sym, op)(mx.sym.var("data"), name="layer", **attrs)
    (layer,) = core.symbol_layers(sym, data=in_shape)
    return layer


def forward_backward(form, layer, x, weight, head):
    """Output, input gradient and weight gradient of ``form`` on these values."""
    x, weight = x.copy(), weight.copy()
    x.attach_grad()
    weight.attach_grad()
    with autograd.record():
        out = form(mx.nd, layer, x, weight)
    out.backward(head)
    return out.asnumpy(), x.grad.asnumpy(), weight.grad.asnumpy()


LAYERS = [  # (op, input shape, attributes): each shape of layer a DCGAN or a CNN uses
    ("Convolution", (2, 3, 8, 8), dict(kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=5)),
    ("Convolution", (2, 4, 6, 6), dict(kernel=(3, 3), pad=(1, 1), num_filter=3)),
    ("Convolution", (3, 6, 4, 4), dict(kernel=(4, 4), num_filter=1)),
    ("Convolution", (2, 2, 7, 5), dict(kernel=(3, 2), stride=(2, 1), num_filter=4)),
    ("Deconvolution", (2, 6, 4, 4), dict(kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=3)),
    ("Deconvolution", (2, 7, 1, 1), dict(kernel=(4, 4), num_filter=5)),
    ("Deconvolution", (2, 3, 5, 5), dict(kernel=(3, 3), pad=(1, 1), num_filter=4)),
]


@pytest.mark.parametrize("op, in_shape, attrs", LAYERS)
def test_gemm_form_computes_what_the_operator_computes(op, in_shape, attrs):
    """Same output, same input gradient, same weight gradient. A missing
    transpose (patches read pixel-major) or a deconvolution weight used
    untransposed gives other numbers or other shapes."""
    layer = one_layer(op, in_shape, **attrs)
    rng = np.random.RandomState(0)
    x = mx.nd.array(rng.normal(size=layer.data_shape))
    weight = mx.nd.array(rng.normal(size=layer.weight_shape))
    head = mx.nd.array(rng.normal(size=layer.out_shape))
    expected = forward_backward(bench_layers.direct, layer, x, weight, head)
    got = forward_backward(bench_layers.as_gemm, layer, x, weight, head)
    for name, want, have in zip(("output", "input gradient", "weight gradient"), expected, got):
        np.testing.assert_allclose(have, want, rtol=1e-4, atol=1e-4, err_msg=f"{op}: {name}")


def test_layers_without_a_gemm_form_are_refused_by_name():
    """Bias, groups, dilation, a target shape, 1-D kernels and dense layers
    have no GEMM form here: the rule skips them and asking for one says why."""
    refused = {
        "has a bias": one_layer("Convolution", (1, 4, 6, 6), kernel=(3, 3), num_filter=4,
                                no_bias=False),
        "groups": one_layer("Convolution", (1, 4, 6, 6), kernel=(3, 3), num_filter=4, num_group=2),
        "dilation": one_layer("Convolution", (1, 4, 6, 6), kernel=(3, 3), num_filter=4,
                              dilate=(2, 2)),
        "target_shape": one_layer("Deconvolution", (1, 4, 3, 3), kernel=(4, 4), stride=(2, 2),
                                  num_filter=2, target_shape=(6, 6)),
        "not 2-D": one_layer("Convolution", (1, 4, 6), kernel=(3,), num_filter=4),
        "not a (de)convolution": core.symbol_layers(
            mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=3), data=(2, 5))[0],
    }
    for reason, layer in refused.items():
        assert not bench_layers.gemm_when_small(layer), reason
        with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
            bench_layers.conv_params(layer)
    biased = mx.sym.Convolution(mx.sym.var("data"), kernel=(3, 3), num_filter=2, name="c")
    with pytest.raises(ValueError, match="c has a bias"):
        bench_layers.rewrite(biased, lambda layer: True, data=(1, 1, 5, 5))


def test_rewrite_rebuilds_operators_it_leaves_alone_contrib_ones_included():
    net = mx.sym.Convolution(mx.sym.var("data"), kernel=(3, 3), pad=(1, 1), num_filter=2,
                             no_bias=True, name="c")
    net = mx.sym.contrib.BilinearResize2D(net, height=8, width=8) + 1
    rewritten = bench_layers.rewrite(net, bench_layers.gemm_when_small, data=(1, 1, 4, 4))
    x = mx.nd.random.normal(shape=(1, 1, 4, 4))
    w = mx.nd.random.normal(shape=(2, 1, 3, 3))
    want = net.eval(data=x, c_weight=w)[0].asnumpy()
    np.testing.assert_allclose(rewritten.eval(data=x, c_weight=w)[0].asnumpy(), want, rtol=1e-5,
                               atol=1e-5)
    assert "im2col" in rewritten.tojson()


def test_symbol_layers_lists_every_multiplying_layer_with_its_shapes():
    net = mx.sym.Convolution(mx.sym.var("data"), kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                             num_filter=6, no_bias=True, name="down")
    net = mx.sym.Activation(mx.sym.BatchNorm(net), act_type="relu")
    net = mx.sym.Deconvolution(net, kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=2,
                               no_bias=True, name="up")
    down, up = core.symbol_layers(net, data=(3, 2, 8, 8))
    assert (down.name, down.op, down.data_shape, down.weight_shape, down.out_shape) == \
        ("down", "Convolution", (3, 2, 8, 8), (6, 2, 4, 4), (3, 6, 4, 4))
    assert (up.name, up.op, up.data_shape, up.weight_shape, up.out_shape) == \
        ("up", "Deconvolution", (3, 6, 4, 4), (6, 2, 4, 4), (3, 2, 8, 8))
    assert down.flops == core.conv_flops((3, 6, 4, 4), 2, (4, 4))
    assert up.flops == core.deconv_flops((3, 6, 4, 4), 2, (4, 4))


@pytest.fixture(scope="module")
def dcgan():
    return loader.load("solutions", "dcgan_module")


def bind_same(original, rewritten, shapes):
    """Bind both symbols with the same random values; return both executors."""
    rng = np.random.RandomState(1)
    first = original.simple_bind(mx.cpu(), **shapes)
    second = rewritten.simple_bind(mx.cpu(), **shapes)
    for name, array in first.arg_dict.items():
        array[:] = rng.normal(0, 0.1, size=array.shape)
        second.arg_dict[name][:] = array
    for name, array in first.aux_dict.items():
        second.aux_dict[name][:] = array
    return first, second


@pytest.mark.parametrize("part", ["generator", "discriminator"])
def test_rewrite_keeps_the_variables_and_the_function(dcgan, part):
    """Every layer as a GEMM: the same arguments and auxiliary states in the
    same order and shapes, the same outputs and the same gradients."""
    if part == "generator":
        sym, shapes = dcgan.generator_symbol(8, 3, 16), {"rand": (4, 10, 1, 1)}
    else:
        sym, shapes = dcgan.discriminator_symbol(8, 16), {"data": (4, 3, 16, 16), "label": (4,)}
    rewritten = bench_layers.rewrite(sym, lambda layer: True, **shapes)
    assert rewritten.list_arguments() == sym.list_arguments()
    assert rewritten.list_auxiliary_states() == sym.list_auxiliary_states()
    assert "im2col" in rewritten.tojson() or "col2im" in rewritten.tojson()
    first, second = bind_same(sym, rewritten, shapes)
    outputs = [executor.forward(is_train=True)[0] for executor in (first, second)]
    np.testing.assert_allclose(outputs[1].asnumpy(), outputs[0].asnumpy(), rtol=1e-4, atol=1e-5)
    head = mx.nd.ones_like(outputs[0]) if part == "generator" else None
    for executor in (first, second):
        executor.backward(head)
    for name, grad in first.grad_dict.items():
        if grad is not None:
            np.testing.assert_allclose(second.grad_dict[name].asnumpy(), grad.asnumpy(),
                                       rtol=1e-3, atol=1e-5, err_msg=name)


def test_rewrite_that_converts_nothing_changes_nothing(dcgan):
    sym = dcgan.discriminator_symbol(8, 16)
    same = bench_layers.rewrite(sym, lambda layer: False, data=(4, 3, 16, 16), label=(4,))
    ops = [[node["op"], node["name"]] for node in json.loads(sym.tojson())["nodes"]]
    assert [[node["op"], node["name"]] for node in json.loads(same.tojson())["nodes"]] == ops


def test_gemm_rule_takes_the_layers_whose_small_side_is_at_most_8(dcgan):
    """The small side is a convolution's output and a deconvolution's input:
    read the wrong end and d2 (32x32 -> 16x16) or g4 (16x16 -> 32x32) would
    be converted, which measured slower."""
    chosen = [layer.name for layer, _ in bench_layers.dcgan_layers(dcgan, "tutorial")
              if bench_layers.gemm_when_small(layer)]
    assert chosen == ["g1", "g2", "g3", "d3", "d4", "d5"]


def test_dcgan_layers_count_g_once_and_d_three_times(dcgan):
    layers = bench_layers.dcgan_layers(dcgan, "small")
    passes = {layer.name: passes for layer, passes in layers}
    assert passes == {"g1": 1, "g2": 1, "g3": 1, "g4": 1, "g5": 1,
                      "d1": 3, "d2": 3, "d3": 3, "d4": 3, "d5": 3}
    work = workloads.build_workload("dcgan_module", dcgan, "small", mx.cpu())
    assert sum(p * core.TRAIN_FACTOR * layer.flops for layer, p in layers) == work.flops


def test_the_gemm_variant_runs_the_same_step_on_the_same_parameters(dcgan):
    """The variant's modules hold the rewritten symbols (a patch that missed
    would time the plain step twice) with the plain modules' parameters."""
    plain = workloads.build_workload("dcgan_module", dcgan, "small", mx.cpu())
    gemm = workloads.build_workload("dcgan_module", dcgan, "small", mx.cpu(), "gemm")
    assert gemm.flops == plain.flops and gemm.label == "dcgan_module gemm small"
    for part, folded in (("generator", "col2im"), ("discriminator", "im2col")):
        assert folded in gemm.parts[part].symbol.tojson()
        assert "im2col" not in plain.parts[part].symbol.tojson()
        assert "col2im" not in plain.parts[part].symbol.tojson()
        shapes = [{name: value.shape for name, value in params.items()}
                  for params in plain.parts[part].get_params() + gemm.parts[part].get_params()]
        assert shapes[:2] == shapes[2:], part
    gemm.step()
    with pytest.raises(ValueError, match="variant"):
        workloads.build_workload("dcgan_module", dcgan, "small", mx.cpu(), "fast")


def rows():
    """Two made-up layers against a 100 GFLOP/s ceiling: 10 GFLOP in 0.2 s
    direct (50%), 0.125 s as GEMM (80%), run 3 times a step; 1 GFLOP in
    0.0125 s direct (80%), 0.05 s as GEMM (20%), once."""
    return [{"layer": "a", "op": "Convolution", "input": [1, 2, 4, 4], "output": [1, 3, 2, 2],
             "passes": 3, "flops": 10e9, "direct_s": 0.2, "gemm_s": 0.125, "rule": "GEMM"},
            {"layer": "b", "op": "Deconvolution", "input": [1, 3, 2, 2], "output": [1, 2, 4, 4],
             "passes": 1, "flops": 1e9, "direct_s": 0.0125, "gemm_s": 0.05, "rule": "direct"}]


def test_totals_weight_each_layer_by_its_passes():
    every, best = bench_layers.weighted(rows(), 100e9)
    assert every == pytest.approx(31e9 / (3 * 0.2 + 0.0125) / 100e9)
    assert best == pytest.approx(31e9 / (3 * 0.125 + 0.0125) / 100e9)


def test_table_shows_both_forms_and_the_weighted_totals():
    lines = bench_layers.format_rows(rows(), 100e9, "title")
    assert lines[0] == "title"
    row_a = next(line for line in lines if line.startswith("a "))
    assert "50%" in row_a and "80%" in row_a and "GEMM" in row_a and "1x2x4x4 -> 1x3x2x2" in row_a
    assert "51% of the ceiling direct, 80% each in its faster form" in lines[-1]


def test_report_at_the_small_size_writes_the_layers_json(dcgan, tmp_path):
    lines = bench_layers.report(mx.cpu(), "small", rounds=1, results=tmp_path)
    saved = json.loads((tmp_path / "layers.json").read_text())
    assert [row["layer"] for row in saved["rows"]] == ["g1", "g2", "g3", "g4", "g5",
                                                       "d1", "d2", "d3", "d4", "d5"]
    assert all(row["direct_s"] > 0 and row["gemm_s"] > 0 for row in saved["rows"])
    assert saved["ceiling"] > 0 and "ceiling direct" in lines[-2]
    assert (tmp_path / "layers.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
