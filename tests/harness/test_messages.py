"""One clean line per failure (common/harness/messages.py), MXNet's chatter
kept out of captured output (quiet.py) and DID NOT RAISE naming the call
(raises.py): unit tests on real exceptions."""
import textwrap

import mxnet as mx
import numpy as np
import pytest

from common.course import ROOT
from common.harness import messages, quiet, raises


def raised(fn):
    try:
        fn()
    except BaseException as error:  # noqa: B036 (the point is to catch anything)
        return error
    raise AssertionError("did not raise")


def test_numpy_failures_keep_the_tests_message_not_the_arrays():
    error = raised(lambda: np.testing.assert_array_equal(
        np.arange(50), np.arange(50) + 1, err_msg="the 1 must sit in column `label`"))
    line = messages.failure_line(error)
    assert line.startswith("the 1 must sit in column `label` (Arrays are not equal; Mismatched elements: 50 / 50")
    assert "array(" not in line and "\n" not in line


def test_tolerance_failures_keep_the_tolerance_and_the_counts():
    error = raised(lambda: np.testing.assert_allclose(np.ones((30, 30)), 0, atol=1e-5,
                                                      err_msg="pixel p must become p / 127.5 - 1"))
    line = messages.failure_line(error)
    assert line.startswith("pixel p must become p / 127.5 - 1 (Not equal to tolerance")
    assert "x:" not in line and "[[" not in line


def test_a_plain_assert_keeps_its_message_without_pytests_explanation():
    error = AssertionError("expected shape (3, 10), got (3, 9)\nassert (3, 9) == (3, 10)\n  At index 1 diff: 9 != 10")
    assert messages.failure_line(error) == "expected shape (3, 10), got (3, 9)"
    bare = AssertionError("assert (3, 9) == (3, 10)\n  At index 1 diff: 9 != 10")
    assert messages.failure_line(bare) == "assert (3, 9) == (3, 10)"


def test_other_exceptions_keep_their_type():
    assert messages.failure_line(ValueError("bad\nthing")) == "ValueError: bad thing"
    assert messages.failure_line(KeyError("x")) == "KeyError: 'x'"


def test_mxnet_errors_lose_their_cpp_traceback():
    error = raised(lambda: mx.sym.Convolution(mx.sym.Variable("data"), kernel=(3, 3), num_filter=2)
                   .infer_shape(data=(1, 3, 2, 2)))
    line = messages.failure_line(error)
    assert line.startswith("MXNetError: Error in operator") and "kernel size exceed input" in line
    assert "src/" not in line and "[bt]" not in line and "Traceback" not in line


def test_an_exception_group_shows_its_first_failure():
    group = ExceptionGroup("two", [AssertionError("first thing"), ValueError("second")])
    assert messages.failure_line(group) == "first thing (and 1 more failure)"


def test_clean_drops_addresses_absolute_paths_and_literal_newlines():
    text = (f"<module 'katas.iterators' from '{ROOT}/katas/iterators.py'> "
            "<NDArray 2x3 @cpu(0) object at 0x7f3a2b1c0d90> /tmp/pytest-of-me/pytest-3/sub/iterators.py "
            "'first\\nsecond' p / 127.5 - 1")
    assert messages.clean(text) == ("<module 'katas.iterators' from 'katas/iterators.py'> "
                                    "<NDArray 2x3 @cpu(0) object> iterators.py 'first second' p / 127.5 - 1")


def test_one_line_caps_the_length():
    assert len(messages.one_line("word " * 1000)) == messages.LIMIT


def test_quiet_drops_mxnets_argument_dumps_and_log_lines_and_keeps_the_learners():
    captured = ("my debug print\n"
                "infer_shape error. Arguments:\n  data: (2, 1, 9, 7)\n  #0: (1, 2)\n"
                "[15:16:55] ../src/executor/graph_executor.cc:1991: Subgraph backend MKLDNN is activated.\n"
                "  indented learner line\n")
    assert quiet.quiet(captured) == "my debug print\n  indented learner line\n"
    sections = [("Captured stdout call", "infer_shape error. Arguments:\n  data: (2, 1)\n"),
                ("Captured stderr call", "mine\n"), ("other", "kept")]
    assert quiet.quiet_sections(sections) == [("Captured stderr call", "mine\n"), ("other", "kept")]


def test_did_not_raise_names_the_call_with_the_tests_values(tmp_path):
    test_file = tmp_path / "test_sample.py"
    test_file.write_text(textwrap.dedent("""\
        import pytest

        def check(kata, labels, depth, np):
            with pytest.raises(ValueError):
                kata.one_hot(np.array(labels), depth=depth)
        """))
    namespace = {}
    exec(compile(test_file.read_text(), str(test_file), "exec"), namespace)

    class Kata:
        @staticmethod
        def one_hot(labels, depth):
            return labels

    error = raised(lambda: namespace["check"](Kata, [0, 10], 10, np))
    raises.explain_did_not_raise(error, error.__traceback__, test_file)
    assert str(error) == ("DID NOT RAISE ValueError: kata.one_hot(np.array([0, 10]), depth=10) "
                          "should raise ValueError")
    raises.explain_did_not_raise(error, error.__traceback__, test_file)  # only once
    assert str(error).count("should raise") == 1


def test_other_failures_are_left_alone(tmp_path):
    error = raised(lambda: pytest.fail("something else"))
    raises.explain_did_not_raise(error, error.__traceback__, tmp_path / "test_nothing.py")
    assert str(error) == "something else"
