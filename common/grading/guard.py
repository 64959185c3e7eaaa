"""The run-time guard of a grading child: what the kata may not do while it runs.

The source check and the guarded builtins (common/policy.py) stop what a
kata module *says*; this module stops what it *does*, with three layers
installed after the tests are collected and before a kata is imported
(``lockdown``); "the kata" is any of the kata modules the child grades:

- a PEP 578 audit hook (``sys.addaudithook``: it cannot be removed) that
  refuses, while the kata's code is running, frame and object-graph
  introspection (``sys._getframe``, traceback and generator frames,
  ``gc.get_objects`` / ``get_referrers``), raw memory and C calls
  (``ctypes``), new code objects, processes, signals and sockets, imports the
  rules do not allow, and opening files outside its folder (reading the
  Python installation and the shipped data is fine);
- every loaded module refuses attribute assignment from the kata's code
  (``np.testing.assert_allclose = ...``), whatever the route;
- where the kernel has Landlock, this thread may no longer read the project
  (tests, references, hidden tests), other learners' folders or other
  processes' ``/proc`` entries.

Each refusal raises PermissionError in the kata and is recorded: the grading
plugin reports it, and the kata scores 0 with the line and the rule.
"""
import os
import sys
import types
from pathlib import Path

from common import policy

# refused while the kata is anywhere on the stack
_PROCESS_EVENTS = ("os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty",
                   "os.kill", "os.killpg", "os.setuid", "os.setgid", "os.setsid", "subprocess.Popen",
                   "pty.spawn", "socket.", "mmap.", "resource.setrlimit", "resource.prlimit",
                   "sys.settrace", "sys.setprofile", "sys.addaudithook", "sys._current_frames",
                   "gc.get_objects", "gc.get_referrers", "gc.get_referents", "builtins.input", "cpython.", "os.remove", "os.rename",
                   "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.chmod", "os.chown",
                   "os.truncate", "os.utime", "shutil.", "webbrowser.", "urllib.", "http.", "ftplib.")
# refused when the kata itself does them (libraries and lazy imports do them too)
_CALLER_EVENTS = ("ctypes.", "sys._getframe", "object.__getattr__", "object.__setattr__",
                  "object.__delattr__", "code.__new__", "function.__new__", "exec", "compile",
                  "marshal.", "pickle.find_class")
_IMPORT_MACHINERY = ("<frozen importlib", "importlib/")


class Guard:
    """The state of one child's guard: the kata files, where they may read and
    write, and what they were refused."""

    def __init__(self, kata_files, folder, read_roots):
        self.kata_files = frozenset(str(Path(f).resolve()) for f in kata_files)
        self.folder = str(Path(folder).resolve()) + os.sep
        self.read_roots = tuple(str(Path(r).resolve()) + os.sep for r in read_roots) + (self.folder,)
        self.refused = []    # "line N: what" for each refusal, in order
        self.busy = False    # the hook's own calls must not call the hook

    # -------------------------------------------------------------- frames

    def _kata_frame(self, frame):
        return frame.f_code.co_filename in self.kata_files

    def where(self, frame):
        """"line N" of a kata frame, with the file's name when the child grades several."""
        name = Path(frame.f_code.co_filename).name
        return f"{name} line {frame.f_lineno}" if len(self.kata_files) > 1 else f"line {frame.f_lineno}"

    def kata_line(self, start):
        """Where the kata's innermost frame on the stack from ``start`` is ("line N"), or None."""
        frame = start
        while frame is not None:
            if self._kata_frame(frame):
                return self.where(frame)
            frame = frame.f_back
        return None

    def record_refusal(self, what):
        """A refusal by the kata's guarded builtins (common/policy.py)."""
        self.busy = True
        try:
            line = self.kata_line(sys._getframe(1))
        finally:
            self.busy = False
        self.refused.append(f"{line or 'line ?'}: {what}")

    def refuse(self, line, what):
        self.refused.append(f"{line}: {what}")
        raise PermissionError(f"refused by the grader: {what} (kata rules, common/policy.py)")

    # ------------------------------------------------------------ the hook

    def audit(self, event, args):
        if self.busy:
            return
        self.busy = True
        try:
            self._audit(event, args, sys._getframe(1))
        finally:
            self.busy = False

    def _audit(self, event, args, caller):
        if event.startswith(_CALLER_EVENTS):
            if self._kata_frame(caller):
                detail = f" {args[1]}" if event.startswith("object.") and len(args) > 1 else ""
                self.refuse(self.where(caller), f"{event}{detail}")
            return
        if event == "import":
            self._import(args[0], caller)
        elif event == "open":
            self._open(args[0], args[1], args[2] if len(args) > 2 else 0, caller)
        elif event.startswith(_PROCESS_EVENTS):
            line = self.kata_line(caller)
            if line is not None:
                self.refuse(line, event)

    def _import(self, name, caller):
        frame = caller
        while frame is not None and frame.f_code.co_filename.startswith(_IMPORT_MACHINERY):
            frame = frame.f_back
        if frame is not None and self._kata_frame(frame) and name.split(".")[0] not in policy.ALLOWED_IMPORTS:
            self.refuse(self.where(frame), f"import {name}")

    def _open(self, path, mode, flags, caller):
        line = self.kata_line(caller)
        if line is None:
            return
        if isinstance(path, int):
            self.refuse(line, f"open of file descriptor {path}")
        resolved = str(Path(os.fsdecode(path)).resolve())
        write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
        writing = (any(c in mode for c in "wax+") if isinstance(mode, str)
                   else bool((flags or 0) & write_flags))
        if resolved.startswith(self.folder) or resolved in ("/dev/null", "/dev/urandom"):
            return
        if not writing and (resolved + os.sep).startswith(self.read_roots):
            return
        self.refuse(line, f"open {resolved!r}" + (" for writing" if writing else ""))


class GuardedModule(types.ModuleType):
    """A module that refuses attribute assignment from the kata's code."""

    def __setattr__(self, name, value):
        _check_module_change(self, name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        _check_module_change(self, name)
        super().__delattr__(name)


_guard = None


def _check_module_change(module, name):
    guard = _guard
    if guard is not None and not guard.busy and guard._kata_frame(sys._getframe(2)):
        guard.busy = True
        try:
            line = guard.where(sys._getframe(2))
        finally:
            guard.busy = False
        guard.refuse(line, f"setting {module.__name__}.{name}")


def guard_modules():
    """Every loaded module refuses attribute assignment from the kata's code."""
    for module in list(sys.modules.values()):
        if type(module) is types.ModuleType:
            try:
                module.__class__ = GuardedModule
            except TypeError:
                pass


def lockdown(kata_files, folder, read_roots):
    """Install the guard for ``kata_files`` (not imported yet), confined to
    ``folder``; returns the Guard (its ``refused`` list grows as it refuses)."""
    global _guard
    _guard = Guard(kata_files, folder, read_roots)
    guard_modules()
    sys.addaudithook(_guard.audit)
    policy.on_refusal = _guard.record_refusal
    return _guard
