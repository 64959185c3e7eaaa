"""Find the module under test: the learner's stub, the reference, a
submission folder or a single file (a mutant).

``--impl`` / ``KATA_IMPL`` values:

- ``katas``      -> katas/<kata>.py (the default)
- ``solutions``  -> solutions/<kata>.py
- a directory    -> <dir>/<kata>.py (a submission)
- a ``.py`` file -> that file, whatever the kata (used for mutants)

A learner's code (katas/ or a submission folder) runs under the kata rules
of common/policy.py: its source is checked first, and it runs with guarded
builtins, exactly as the grader will run it. The references and single files
(mutants, alternative solutions written by maintainers) load as they are.
"""
import importlib.util
import os
import sys
import types
from pathlib import Path

from common import policy
from common.course import ROOT

DEFAULT_IMPL = "katas"


class ImplNotFound(LookupError):
    """The selected implementation has no module for a kata."""


def describe(impl):
    """A short human name for an implementation choice."""
    if impl in ("katas", "solutions"):
        return impl
    return str(Path(impl))


def is_strict(impl):
    """True when NotImplementedError counts as a failure rather than pending:
    for the references and for mutants (single files)."""
    return impl == "solutions" or str(impl).endswith(".py")


def is_guarded(impl):
    """True for a learner's code: katas/ or a submission folder (unless the
    maintainer switch ``KATA_RULES=off`` is set, as ``make mutation`` does)."""
    if os.environ.get("KATA_RULES") == "off":
        return False
    return impl == "katas" or (impl != "solutions" and Path(impl).suffix != ".py")


def module_path(impl, kata):
    """The file that implements ``kata`` under ``impl``."""
    if impl in ("katas", "solutions"):
        return ROOT / impl / f"{kata}.py"
    path = Path(impl)
    if path.suffix == ".py":
        return path
    return path / f"{kata}.py"


def load(impl, kata):
    """Import and return the module implementing ``kata`` under ``impl``.

    solutions/ is imported as a package (``solutions.iterators``); katas/ as
    ``katas.<kata>``; a submission or mutant file under a private name, so
    that it never shadows them. A learner's module that breaks the kata rules
    raises ``policy.PolicyError`` listing the lines, before any of it runs.
    """
    if impl == "solutions":
        return importlib.import_module(f"solutions.{kata}")
    path = module_path(impl, kata)
    if not path.is_file():
        raise ImplNotFound(f"{path} does not exist: kata {kata!r} not attempted")
    name = f"katas.{kata}" if impl == "katas" else f"_kata_impl_{kata}_{abs(hash(str(path.resolve())))}"
    if name in sys.modules:
        return sys.modules[name]
    if not is_guarded(impl):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        run = spec.loader.exec_module
    else:
        source = path.read_bytes()
        violations = policy.check_source(source, str(path))
        if violations:
            listed = "; ".join(str(v) for v in violations[:3])
            more = f" (and {len(violations) - 3} more)" if len(violations) > 3 else ""
            raise policy.PolicyError(f"{shown(path)} breaks the kata rules: {listed}{more}")
        code = compile(source, str(path), "exec")
        module = types.ModuleType(name)
        module.__file__ = str(path)
        module.__builtins__ = policy.guarded_builtins()

        def run(module):
            exec(code, vars(module))
    sys.modules[name] = module
    try:
        run(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def shown(path):
    """A path as a learner reads it: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return Path(path).name
