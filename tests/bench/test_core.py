"""common.bench: FLOP counts of small known layers, the table, the chart,
the throughput check's verdict and the device fallback. All on the CPU, in
seconds: no benchmark is run here."""
import json
import os
import time
import types

import mxnet as mx
import pytest
from mxnet.gluon import rnn

from common.bench import core, report, studies, workloads
from common import env
from common.course import ROOT


# ------------------------------------------------------------ FLOP counting

def test_conv_flops_counts_two_per_multiply_add():
    """A 3x3 convolution, 3 -> 4 channels, 8x8 output, batch 2:
    2 * (2*4*8*8 outputs) * (3*3*3 terms each)."""
    sym = mx.sym.Convolution(mx.sym.var("data"), kernel=(3, 3), pad=(1, 1), num_filter=4, no_bias=True)
    expected = 2 * (2 * 4 * 8 * 8) * (3 * 3 * 3)
    assert core.conv_flops((2, 4, 8, 8), 3, (3, 3)) == expected
    assert core.symbol_flops(sym, data=(2, 3, 8, 8)) == expected


def test_grouped_conv_counts_only_its_group():
    sym = mx.sym.Convolution(mx.sym.var("data"), kernel=(3, 3), pad=(1, 1), num_filter=4,
                             num_group=2, no_bias=True)
    assert core.symbol_flops(sym, data=(1, 4, 5, 5)) == 2 * (4 * 5 * 5) * (2 * 3 * 3)


def test_deconv_flops_count_every_input_pixel_times_kernel():
    """A stride-2 4x4 deconvolution 4x4 -> 8x8, 4 -> 3 channels, batch 2:
    every input value meets 3 output planes through a 4x4 kernel."""
    sym = mx.sym.Deconvolution(mx.sym.var("data"), kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                               num_filter=3, no_bias=True)
    expected = 2 * (2 * 4 * 4 * 4) * 3 * 16
    assert core.deconv_flops((2, 4, 4, 4), 3, (4, 4)) == expected
    assert core.symbol_flops(sym, data=(2, 4, 4, 4)) == expected


def test_dense_flops_and_a_stack_adds_up():
    """FullyConnected on (5, 7) -> 3 is 2*5*7*3; a conv then a dense layer is
    the sum of the two, and BatchNorm / activations count nothing."""
    fc = mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=3)
    assert core.dense_flops(5, 7, 3) == 2 * 5 * 7 * 3
    assert core.symbol_flops(fc, data=(5, 7)) == 2 * 5 * 7 * 3
    x = mx.sym.Convolution(mx.sym.var("data"), kernel=(3, 3), num_filter=2, name="c")
    x = mx.sym.Activation(mx.sym.BatchNorm(x), act_type="relu")
    x = mx.sym.FullyConnected(x, num_hidden=3)
    conv = core.conv_flops((1, 2, 4, 4), 1, (3, 3))
    assert core.symbol_flops(x, data=(1, 1, 6, 6)) == conv + core.dense_flops(1, 2 * 4 * 4, 3)


def test_lstm_flops_formula_and_the_fused_layer_agree():
    """Per step and layer an LSTM multiplies [x, h] (I + H) by 4 gates x H."""
    assert core.lstm_flops(2, 3, 5, 4) == 2 * (2 * 3) * (5 + 4) * (4 * 4)
    two = core.lstm_flops(2, 3, 5, 4, layers=2)
    assert two == core.lstm_flops(2, 3, 5, 4) + core.lstm_flops(2, 3, 4, 4)
    layer = rnn.LSTM(4, num_layers=2, input_size=5)
    layer.initialize()
    assert core.gluon_flops(layer, (2, 3, 5)) == two


def test_gluon_flops_of_a_dense_block():
    block = mx.gluon.nn.Dense(3, in_units=7)
    block.initialize()
    assert core.gluon_flops(block, (5, 7)) == 2 * 5 * 7 * 3


# ------------------------------------------------------------------- table

def _fake_json(path):
    def entry(info, best):
        return {"name": info.get("label", "x"), "extra_info": info,
                "stats": {"min": best, "median": best, "max": best, "mean": best, "rounds": 3}}
    common_info = {"device": "cpu (2 threads)", "variant": "", "batch": 16, "model": "m"}
    data = {"benchmarks": [
        entry({"kind": "ceiling", "flops": 100e9, "label": "ceiling"}, 1.0),    # 100 GFLOP/s
        entry(dict(common_info, kata="dcgan_module", size="small", label="dcgan_module small",
                   unit="images/s", items=16, flops=40e9), 0.5),               # 80 GFLOP/s
        entry(dict(common_info, kata="iterators", size="small", label="iterators vectorised small",
                   unit="images/s", items=16, flops=0.0), 0.002),
    ]}
    path.write_text(json.dumps(data))
    return path


def test_rows_from_json_reads_the_ceiling_and_orders_by_progression(tmp_path):
    rows, ceiling = report.rows_from_json(_fake_json(tmp_path / "b.json"))
    assert ceiling == pytest.approx(100e9)
    assert [r["kata"] for r in rows] == ["iterators", "dcgan_module"]
    dcgan = rows[1]
    assert dcgan["throughput"] == pytest.approx(32.0) and dcgan["flop_s"] == pytest.approx(80e9)


def test_table_shows_throughput_and_percent_of_ceiling(tmp_path):
    rows, ceiling = report.rows_from_json(_fake_json(tmp_path / "b.json"))
    lines = report.format_table(rows, ceiling)
    assert lines[0].split()[:2] == ["benchmark", "device"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    dcgan = next(line for line in lines if line.startswith("dcgan_module"))
    assert "32 images/s" in dcgan and "80.0" in dcgan and "80%" in dcgan, dcgan
    iters = next(line for line in lines if line.startswith("iterators"))
    assert "8k images/s" in iters and iters.rstrip().endswith("-"), iters
    assert any("the run's peak (best single product) 100.0" in line for line in lines)
    widths = {len(line) for line in lines[:2]}
    assert len(widths) == 1, "the header and the rule line up"


def test_a_row_is_measured_against_the_ceiling_taken_around_it(tmp_path):
    """The machine slowed down to a 50 GFLOP/s ceiling while the DCGAN step
    ran at 40: that is 80% of what the machine could do then, not 40%."""
    data = json.loads(_fake_json(tmp_path / "b.json").read_text())
    data["benchmarks"][1]["extra_info"]["ceiling"] = 50e9
    data["benchmarks"][1]["stats"]["min"] = 1.0                              # 40 GFLOP/s
    (tmp_path / "b.json").write_text(json.dumps(data))
    rows, ceiling = report.rows_from_json(tmp_path / "b.json")
    dcgan = next(line for line in report.format_table(rows, ceiling) if line.startswith("dcgan"))
    assert "50.0" in dcgan and " 80% " in dcgan, dcgan
    assert ceiling == pytest.approx(100e9), "the run's peak is the ceiling benchmark's"
    without_peak = report.format_table(rows, None)  # `-k` left the ceiling benchmark out
    assert next(line for line in without_peak if line.startswith("dcgan")).split()[-2] == "80%"
    assert any(line.startswith("ceiling:") and "peak" not in line for line in without_peak)


def test_sustained_ceiling_runs_for_the_window_it_is_given(monkeypatch):
    """A 0.3-second window of "products" that each take at least 10 ms and
    count 1 GFLOP: the rate is every product's FLOPs over the window, never
    more than 100 GFLOP/s, and far more than the 3 GFLOP/s of counting one
    product instead of all of them. No verdict rests on how busy the machine
    is: a slower machine only makes each product take longer."""
    monkeypatch.setattr(core, "matmul_step", lambda ctx, n=None: (lambda: time.sleep(0.01), 1e9))
    start = time.perf_counter()
    rate = core.sustained_ceiling(mx.cpu(), 0.3)
    spent = time.perf_counter() - start
    assert spent >= 0.3
    assert rate <= 1e11 * 1.001, rate
    assert rate > 1e10, (rate, spent)  # one product counted: about 1e9 / 0.3 s


def test_chart_is_a_png(tmp_path):
    rows, ceiling = report.rows_from_json(_fake_json(tmp_path / "b.json"))
    report.write_chart(rows, ceiling, tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_omp_lines_quote_both_numbers_and_the_speed_up():
    lines = studies.omp_lines([{"threads": "1", "ceiling": 10e9, "step_s": 2.0, "step": "s"},
                             {"threads": "2", "ceiling": 19e9, "step_s": 1.0, "step": "s"}])
    assert "10.0 GFLOP/s" in lines[0] and "2000 ms" in lines[0]
    assert "1.90x" in lines[1] and "step 2.00x" in lines[1]


# ---------------------------------------------------------- the check logic

def _sleeper(seconds, label="k small"):
    return workloads.Workload("k", "", "small", 1, "m", "items/s", 1, 0.0,
                          lambda: time.sleep(seconds), rounds=3, warmup=0)


def test_a_step_three_times_slower_fails_with_both_numbers():
    ok, ours, ref, message = workloads.compare_steps(_sleeper(0.03), _sleeper(0.005))
    assert not ok and ours > 1.5 * ref
    assert "THROUGHPUT FAILURE" in message
    assert f"{ours * 1e3:.1f} ms" in message and f"{ref * 1e3:.1f} ms" in message and "1.5x" in message


def test_a_step_as_fast_as_the_reference_passes():
    ok, ours, ref, message = workloads.compare_steps(_sleeper(0.01), _sleeper(0.01), rounds=7)
    assert ok, message
    assert message.startswith("k small: ok")


def test_throughput_check_of_a_pending_kata_says_pending(tmp_path):
    stub = tmp_path / "iterators.py"
    stub.write_text("def preprocess_mnist(images_uint8, size=64, channels=3):\n"
                    "    raise NotImplementedError('write preprocess_mnist')\n")
    ok, ours, ref, message = workloads.throughput_check(str(tmp_path / "iterators.py"), "iterators", ctx=mx.cpu())
    assert (ok, ours, ref) == (False, None, None)
    assert "pending" in message and "write preprocess_mnist" in message


def test_throughput_check_catches_a_per_image_loop(tmp_path):
    """The per-image loop is several times slower than the vectorised reference."""
    (tmp_path / "iterators.py").write_text(
        "from solutions.iterators import *\n"
        "from common.bench.workloads import preprocess_per_image as preprocess_mnist\n")
    ok, ours, ref, message = workloads.throughput_check(str(tmp_path / "iterators.py"), "iterators", ctx=mx.cpu())
    assert not ok and ours > 1.5 * ref, message
    assert "THROUGHPUT FAILURE" in message


def test_throughput_check_rejects_an_unknown_kata():
    with pytest.raises(ValueError, match="no throughput benchmark"):
        workloads.throughput_check("katas", "conv_shapes")


# ------------------------------------------------------------------ device

def test_on_this_cpu_machine_the_context_is_the_cpu_with_a_reason():
    ctx, note = core.select_context()
    if ctx.device_type == "gpu":
        pytest.skip("a GPU is usable here: the CPU fallback is tested with a fake below")
    assert note.startswith("CPU")


def test_a_gpu_that_cannot_run_falls_back_to_the_cpu_and_says_why():
    """The mxnet-cu112 wheel on an H100: the GPU is seen, every kernel fails."""
    def broken(*args, **kwargs):
        raise mx.base.MXNetError("CUDA: no kernel image is available for execution on the device")
    fake = types.SimpleNamespace(gpu=lambda i: "gpu", cpu=mx.cpu,
                                 nd=types.SimpleNamespace(ones=broken))
    ctx, note = env.probe_gpu(fake, 1)
    assert ctx == mx.cpu()
    assert "no kernel image" in note and "compute capability" in note and "CPU" in note


def test_benchmarks_are_not_collected_by_an_ordinary_test_run():
    """The benchmarks live in common/bench/suite as bench_*.py: `make test`
    and `make check` never collect them; `make bench` names them explicitly."""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "common/bench/suite"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 5 and "no tests collected" in done.stdout, done.stdout[-1000:]
    assert sorted(p.name for p in (ROOT / "common" / "bench" / "suite").glob("bench_*.py"))


def test_the_device_picker_falls_back_when_mxnet_cannot_count_gpus(monkeypatch):
    """A CPU build may raise instead of answering 0: the picker says so and uses the CPU."""
    def no_count():
        raise mx.base.MXNetError("no CUDA in this build")
    monkeypatch.setattr(mx.context, "num_gpus", no_count)
    ctx, note = env.select_context.__wrapped__()
    assert ctx == mx.cpu() and "no CUDA in this build" in note
    monkeypatch.setattr(mx.context, "num_gpus", lambda: 0)
    assert env.select_context.__wrapped__() == (mx.cpu(), "CPU (MXNet sees no GPU)")


def test_python_overhead_is_the_time_outside_the_operators():
    """A step that sleeps between two operators is mostly overhead; a step that
    is one large product is mostly operator."""
    a = mx.nd.ones((600, 600))

    def sleepy():
        time.sleep(0.05)
        (a + 1).wait_to_read()

    def busy():
        mx.nd.dot(a, a).wait_to_read()
    assert core.python_overhead(sleepy, rounds=2) > 0.8
    assert core.python_overhead(busy, rounds=2) < 0.5
    import stat
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode), "MXNet's profiler replaced /dev/null with a file"
