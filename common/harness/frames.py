"""Where in one file an exception was: the innermost frame of its traceback
that runs that file.

The report uses it to name the kata function a pending test waits on (the
one that raised NotImplementedError), the line an endless loop was stopped
at, and the test line whose ``pytest.raises`` block did not raise.
"""
import linecache
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """One frame: its function (``co_qualname``, e.g. ``RandIter.getdata``,
    ``<module>`` at import time), line and the frame itself."""

    function: str
    line: int
    path: str
    frame: object = None

    @property
    def source(self):
        """The text of the line, stripped ('' when the file cannot be read)."""
        return linecache.getline(self.path, self.line).strip()


def innermost(tb, path):
    """The innermost frame of traceback ``tb`` running the file ``path``, or None."""
    places = chain(tb, path)
    return places[-1] if places else None


def chain(tb, path):
    """Every frame of traceback ``tb`` running the file ``path``, outermost first."""
    if path is None:
        return []
    target = os.path.realpath(path)
    found = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == target or os.path.realpath(code.co_filename) == target:
            found.append(Place(code.co_qualname, tb.tb_lineno, code.co_filename, tb.tb_frame))
        tb = tb.tb_next
    return found
