"""What a learner reads after a run: one clean line per failure in the
report, DID NOT RAISE naming the call, and none of MXNet's or hypothesis's
noise (child pytest runs, as `make test` starts them)."""
import re

from hypothesis import Phase, settings

from common.course import ROOT
from tests.harness.children import run_pytest, submission

SHORT = ("-q", "--tb=short")


def test_a_report_row_is_the_tests_own_message_on_one_clean_line(tmp_path):
    sub = submission(tmp_path / "sub", "iterators", "out[np.arange(labels.size), labels] = 1.0",
                     "out[np.arange(labels.size), (labels + 1) % depth] = 1.0")
    proc, report = run_pytest(tmp_path, "tests/test_iterators.py", "--impl", sub, "-k", "puts_a_single_one",
                              *SHORT)
    test, message = report["katas"]["iterators"]["first_failure"]
    assert message.startswith("the 1 of row i must sit in column labels[i]; labels = [0] "
                              "(Arrays are not equal; Mismatched elements"), message
    row = next(line for line in proc.stdout.splitlines() if line.startswith("  1. iterators"))
    assert "first failure: test_one_hot_puts_a_single_one_at_the_label: the 1 of ro" in row
    for noise in ("array(", "\\n", "0x", str(ROOT), str(tmp_path)):
        assert noise not in row and noise not in message, noise


def test_did_not_raise_says_which_call_should_have_raised(tmp_path):
    """The size comes from the test's parametrize list: 28 is one this mistake
    (no check that the size is 4 * 2**k) lets through."""
    sub = submission(tmp_path / "sub", "dcgan_module", "    if size != 4 or stages < 1:", "    if False:")
    proc, report = run_pytest(tmp_path, "tests/test_dcgan_module.py", "--impl", sub, "-k",
                              "unsupported_image_size_raises", *SHORT)
    expected = ("DID NOT RAISE ValueError: kata.generator_symbol(ngf=4, nc=3, image_size=28) "
                "should raise ValueError")
    assert f"E   Failed: {expected}" in proc.stdout, proc.stdout[-3000:]
    assert report["katas"]["dcgan_module"]["tests"] and proc.returncode == 1


def test_mxnet_and_hypothesis_noise_stays_out(tmp_path):
    """A mutant whose failing tests make MXNet print infer_shape dumps and
    hypothesis print its failing example: no dump, no absolute path, no
    Explanation block."""
    proc, _ = run_pytest(tmp_path, "tests/test_conv_shapes.py", "--impl",
                         "tests/mutants/conv_shapes/conv_ceil.py", *SHORT)
    assert proc.returncode == 1 and "Failing test case" in proc.stdout
    for noise in ("infer_shape error", "Subgraph backend", "Explanation:", str(ROOT)):
        assert noise not in proc.stdout + proc.stderr, noise
    assert "kata=<module tests/mutants/conv_shapes/conv_ceil.py>" in proc.stdout


def test_mxnet_start_up_lines_stay_out_even_uncaptured(tmp_path):
    """`-s` shows everything a test prints; binding a Module must not print
    "Subgraph backend MKLDNN is activated" (MXNET_SUBGRAPH_VERBOSE=0, common/env.py)."""
    proc, report = run_pytest(tmp_path, "tests/test_dcgan_module.py", "--impl", "solutions", "-s", "-q",
                              "-k", "leaves_g_alone")
    assert report["katas"]["dcgan_module"]["status"] == "done"
    assert not re.search(r"Subgraph backend|\[\d\d:\d\d:\d\d\] \.\./src/", proc.stdout + proc.stderr)


def test_the_kata_profile_has_no_explain_phase():
    assert Phase.explain not in settings().phases
