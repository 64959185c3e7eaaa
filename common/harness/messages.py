"""One clean line per failure, for the progress report.

A failing test's exception carries more than its message: numpy appends
both arrays, pytest appends its assertion explanation, MXNet a C++
traceback, hypothesis its notes. :func:`failure_line` keeps what the test
says (its own assertion message) and :func:`clean` strips what means nothing
on one line: memory addresses, absolute paths, literal ``\\n``.
"""
import re

from common.course import ROOT

LIMIT = 300  # characters in a report row's message

# numpy.testing's first line; the test's own err_msg follows it
NUMPY_HEADERS = ("Arrays are not", "Not equal to tolerance", "Items are not equal", "Not equal to ")
# from here on numpy prints the arrays themselves
NUMPY_DUMPS = re.compile(r"^\s*(x|y):|^\s*(ACTUAL|DESIRED):.{60}")
NUMPY_SCALARS = re.compile(r"^\s*(ACTUAL|DESIRED):")
NUMPY_NOISE = re.compile(r"^\s*Max relative difference|^\s*Max relative diff")
# lines of an MXNet error that are its C++ traceback, not its message
MXNET_TRACE = re.compile(r"^\s*(Traceback \(most recent call last\)|File \"|\[bt\]|Stack trace)")
MXNET_LOG_PREFIX = re.compile(r"\[\d\d:\d\d:\d\d\] \S+:\d+: ")  # "[15:21:58] ../src/x.cc:202: "
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+|0x[0-9a-fA-F]{8,}")
ABSOLUTE_PATH = re.compile(r"(?<![\w.~])/(?:[\w.+~@-]+/)+[\w.+~@-]*")
# exception types whose name adds nothing to their message
SILENT_TYPES = ("AssertionError", "Failed")


def one_line(text, limit=LIMIT):
    """``text`` cleaned and on one line, short enough for a table row."""
    text = " ".join(clean(str(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clean(text):
    """``text`` without memory addresses, with paths relative to the project
    (or just the file name outside it) and literal ``\\n`` as spaces."""
    text = ADDRESS.sub("", text).replace("\\n", " ")
    return ABSOLUTE_PATH.sub(_shorter_path, text)


def _shorter_path(match):
    path = match.group(0)
    root = str(ROOT) + "/"
    if path.startswith(root):
        return path[len(root):]
    return path.rstrip("/").rsplit("/", 1)[-1] or path


def failure_line(error, limit=LIMIT):
    """The one line that says what went wrong in ``error`` (an exception)."""
    if isinstance(error, BaseExceptionGroup) and error.exceptions:
        more = len(error.exceptions) - 1
        first = failure_line(error.exceptions[0], limit)
        return one_line(first + (f" (and {more} more failure{'s' * (more > 1)})" if more else ""), limit)
    name = type(error).__name__
    text = str(error)
    if isinstance(error, AssertionError):
        text = assertion_message(text)
    elif "MXNetError" in name or "Traceback (most recent call last)" in text:
        text = mxnet_message(text)
    if name in SILENT_TYPES and text.strip():
        return one_line(text, limit)
    return one_line(f"{name}: {text}" if text.strip() else name, limit)


def assertion_message(text):
    """The test's own message of an assertion: numpy's header, err_msg and
    counts without the arrays; for a bare ``assert`` pytest's first line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].lstrip().startswith(NUMPY_HEADERS):
        header, rest = lines[0].strip().rstrip(":"), []
        for line in lines[1:]:
            if NUMPY_DUMPS.match(line):
                break
            if not NUMPY_NOISE.match(line):
                rest.append(line.strip())
        counts = [r for r in rest if r.startswith(("Mismatch", "Max abs", "(shapes", "(mismatch"))
                  or NUMPY_SCALARS.match(r)]
        said = [r for r in rest if r not in counts]
        details = "; ".join([header] + counts)
        return f"{' '.join(said)} ({details})" if said else details
    for index, line in enumerate(lines):
        if line.startswith("assert ") and index > 0:
            return " ".join(lines[:index])  # the test's message; pytest's explanation follows
    return lines[0] if lines else ""


def mxnet_message(text):
    """The message of an MXNet error without its C++ traceback."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not MXNET_TRACE.match(line)]
    lines = [MXNET_LOG_PREFIX.sub("", re.sub(r"^(mxnet\.base\.)?MXNetError: ", "", line)) for line in lines]
    return lines[0] if lines else text
