"""MXNet's own lines, kept out of what a failing test shows the learner.

pytest shows a failing test's captured output ("Captured stdout call"). Besides
the learner's own prints it holds what MXNet printed while the tests checked
shapes against it: ``infer_shape`` prints its arguments on every error the
tests provoke on purpose, and the C++ library logs lines such as
``[15:16:55] ../src/executor/graph_executor.cc:1991: Subgraph backend MKLDNN
is activated.`` (common/env.py turns that one off with
``MXNET_SUBGRAPH_VERBOSE=0``). :func:`quiet_sections` drops them and keeps
the learner's prints.
"""
import re

ARGUMENT_DUMP = re.compile(r"^infer_(shape|type)(_partial)? error\. Arguments:$")
ARGUMENT_LINE = re.compile(r"^  (#\d+|\w+): ")
CPP_LOG = re.compile(r"^\[\d\d:\d\d:\d\d\] \S+:\d+: ")


def quiet(text):
    """``text`` without MXNet's argument dumps and C++ log lines."""
    kept, in_dump = [], False
    for line in text.splitlines(keepends=True):
        if ARGUMENT_DUMP.match(line.rstrip("\n")):
            in_dump = True
            continue
        if in_dump and ARGUMENT_LINE.match(line):
            continue
        in_dump = False
        if not CPP_LOG.match(line):
            kept.append(line)
    return "".join(kept)


def quiet_sections(sections):
    """A report's ``sections`` ([(title, text)]) with MXNet's lines removed and
    the captured-output sections that held nothing else dropped."""
    result = []
    for title, text in sections:
        if title.startswith("Captured"):
            text = quiet(text)
            if not text.strip():
                continue
        result.append((title, text))
    return result
