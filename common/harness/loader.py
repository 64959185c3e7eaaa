"""Find the module under test: the learner's stub, the reference, a
submission folder or a single file (a mutant).

``--impl`` / ``KATA_IMPL`` values:

- ``katas``      -> katas/<kata>.py (the default)
- ``solutions``  -> solutions/<kata>.py
- a directory    -> <dir>/<kata>.py (a submission)
- a ``.py`` file -> that file, whatever the kata (used for mutants)
"""
import importlib.util
import sys
from pathlib import Path

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

    katas/ and solutions/ are imported as packages (``solutions.iterators``);
    a submission or mutant file is imported under a private name so that it
    never shadows them.
    """
    if impl in ("katas", "solutions"):
        return importlib.import_module(f"{impl}.{kata}")
    path = module_path(impl, kata)
    if not path.is_file():
        raise ImplNotFound(f"{path} does not exist: kata {kata!r} not attempted")
    name = f"_kata_impl_{kata}_{abs(hash(str(path.resolve())))}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
