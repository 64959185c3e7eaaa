"""A kata module that does not import is one problem, not one per test.

A SyntaxError, an ImportError, an exception at import time or a break of
the kata rules (``common.policy.PolicyError``) would otherwise fail every
test of the kata with the same traceback. :class:`Imports` loads each
kata module once per run; when that fails it remembers one line::

    katas/iterators.py does not import: SyntaxError at line 151: expected ':'

The first test shows it with the offending line; every later test of the
kata is marked broken without trying again (which also spares a module that
loops at import time from being stopped once per test).
"""
from pathlib import Path

from common import policy
from common.harness import frames, limits, loader, messages

# What stays a per-test outcome rather than a broken module
PER_TEST = (NotImplementedError, loader.ImplNotFound, KeyboardInterrupt)


class ModuleBroken(Exception):
    """The kata module under test does not import: ``message`` in one line,
    ``first`` for the test that found out, ``text`` what that test shows
    (the whole message and the offending line)."""

    def __init__(self, message, first, text=""):
        super().__init__(message)
        self.message, self.first, self.text = message, first, text or message


class Imports:
    """Loads kata modules through the loader and remembers which do not import."""

    def __init__(self):
        self.failures = {}  # (impl, kata) -> ModuleBroken

    def load(self, impl, kata):
        key = (str(impl), kata)
        if key in self.failures:
            known = self.failures[key]
            raise ModuleBroken(known.message, first=False)
        try:
            return loader.load(impl, kata)
        except PER_TEST:
            raise
        except BaseException as error:
            broken = describe(error, loader.module_path(impl, kata))
            self.failures[key] = broken
            raise broken from error


def describe(error, path):
    """A ModuleBroken (first=True) naming ``path`` and what went wrong in it."""
    shown = loader.shown(path)
    if isinstance(error, policy.PolicyError):  # its message names the file already
        said = f"{shown} does not import: it {str(error).removeprefix(f'{shown} ')}"
        return ModuleBroken(messages.one_line(said), True, said)
    if isinstance(error, SyntaxError):
        what = f"{type(error).__name__} at line {error.lineno}: {error.msg}"
        detail = _caret(error.text, error.offset)
    else:
        place = frames.innermost(error.__traceback__, str(Path(path)))
        where = f" (line {place.line})" if place else ""
        said = f"it {error.summary}" if isinstance(error, limits.TestStopped) else messages.failure_line(error)
        what = f"{said}{where}"
        detail = place.source if place else ""
    message = messages.one_line(f"{shown} does not import: {what}")
    return ModuleBroken(message, True, message + ("\n" + _indent(detail) if detail else ""))


def _indent(text):
    return "\n".join("    " + line for line in text.splitlines())


def _caret(text, offset):
    if not text:
        return ""
    line = text.rstrip("\n")
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    pointer = " " * max(0, (offset or 1) - 1 - indent) + "^"
    return f"{stripped}\n{pointer}"
