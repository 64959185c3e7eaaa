"""What a kata module may do: the rules the grader enforces and ``make test`` checks.

A kata is plain numerical code: it imports MXNet, numpy and a few pure
standard-library modules, defines functions and classes, and sets attributes
on its own objects. It never needs to reach into the interpreter, other
modules or the files around it, and a grader that runs it in the same
process as its tests must be sure it does not. So, before a kata module
runs, its source is checked (``check_source``), and it runs with builtins
that refuse the same things at run time (``guarded_builtins``):

- imports only from ``ALLOWED_IMPORTS`` (no ``os``, ``sys``, ``gc``,
  ``inspect``, ``ctypes``, ``importlib``, no relative imports);
- no ``eval``, ``exec``, ``compile``, ``__import__``, ``globals``,
  ``locals``, ``vars``, ``setattr``, ``delattr``, ``breakpoint``, ``input``;
- no dunder attributes beyond ``ALLOWED_DUNDERS`` (``super().__init__``,
  ``type(x).__name__`` are fine; ``f.__globals__``, ``x.__dict__`` are not),
  and no attribute that leads into the interpreter (``GATEWAYS``: ``.sys``,
  ``.modules``, ``.f_back``, ``._LIB``...), not even through ``getattr``;
- attributes are set only on ``self`` (``self.x = ...``): never on a module,
  a class or an object the kata was handed;
- classes define only ``ALLOWED_METHODS`` among the special methods (no
  ``__eq__`` that says yes to everything, no ``__getattr__``, no
  metaclasses).

``python -m common.policy FILE...`` prints every violation with its line.
"""
import ast
import builtins
import sys
from dataclasses import dataclass
from pathlib import Path

ALLOWED_IMPORTS = frozenset({
    "mxnet", "numpy", "matplotlib",
    "abc", "bisect", "cmath", "collections", "copy", "dataclasses", "decimal", "enum",
    "fractions", "functools", "heapq", "itertools", "json", "math", "numbers", "pathlib",
    "random", "re", "statistics", "string", "textwrap", "time", "typing", "warnings",
})
FORBIDDEN_NAMES = frozenset({
    "eval", "exec", "compile", "__import__", "globals", "locals", "vars", "setattr", "delattr",
    "breakpoint", "input", "help", "exit", "quit", "memoryview",
    "__builtins__", "__loader__", "__spec__",
})
ALLOWED_DUNDERS = frozenset({
    "__init__", "__name__", "__qualname__", "__doc__", "__class__", "__len__", "__iter__",
    "__next__", "__call__", "__getitem__", "__contains__", "__enter__", "__exit__",
    "__repr__", "__str__",
})
ALLOWED_METHODS = ALLOWED_DUNDERS - {"__name__", "__qualname__", "__doc__", "__class__"}
ALLOWED_CLASS_DUNDERS = frozenset({"__slots__", "__doc__"})
GATEWAYS = frozenset({
    # modules that reach the interpreter, other modules, files or processes
    "sys", "os", "posix", "nt", "builtins", "modules", "ctypes", "_ctypes", "inspect", "gc",
    "importlib", "subprocess", "socket", "pickle", "marshal", "pydoc", "pkgutil", "traceback",
    "linecache", "threading", "_thread", "multiprocessing", "shutil", "signal", "runpy",
    "atexit", "faulthandler", "_posixsubprocess", "resource", "mmap",
    # C libraries and raw memory
    "_LIB", "pythonapi", "cdll", "CDLL", "PyDLL", "pydll", "LibraryLoader",
    # frames and tracebacks
    "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "tb_frame", "tb_next",
    "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
    "_getframe", "settrace", "setprofile", "_current_frames", "exc_info", "exception",
})


@dataclass(frozen=True)
class Violation:
    """One line a kata may not have."""

    line: int
    rule: str

    def __str__(self):
        return f"line {self.line}: {self.rule}"


def _allowed_module(name):
    return name.split(".")[0] in ALLOWED_IMPORTS


def _attribute_problem(name):
    if name.startswith("__") and name.endswith("__") and name not in ALLOWED_DUNDERS:
        return f"the attribute {name} reaches into the interpreter"
    if name in GATEWAYS:
        return f"the attribute .{name} leads out of the kata (into the interpreter, other modules or files)"
    return None


class _Checker(ast.NodeVisitor):
    def __init__(self):
        self.violations = []
        self.self_names = []  # the first parameter of each enclosing method ("self")

    def flag(self, node, rule):
        self.violations.append(Violation(getattr(node, "lineno", 0), rule))

    # imports
    def visit_Import(self, node):
        for alias in node.names:
            if not _allowed_module(alias.name):
                self.flag(node, f"`import {alias.name}` is not allowed in a kata "
                                f"(allowed: {', '.join(sorted(ALLOWED_IMPORTS))})")

    def visit_ImportFrom(self, node):
        if node.level:
            self.flag(node, "relative imports are not allowed in a kata")
        elif not _allowed_module(node.module or ""):
            self.flag(node, f"`from {node.module} import ...` is not allowed in a kata "
                            f"(allowed: {', '.join(sorted(ALLOWED_IMPORTS))})")
        for alias in node.names:
            problem = _attribute_problem(alias.name) if alias.name != "*" else None
            if problem:
                self.flag(node, problem)

    # names and attributes
    def visit_Name(self, node):
        if node.id in FORBIDDEN_NAMES:
            self.flag(node, f"`{node.id}` is not allowed in a kata")

    def visit_Attribute(self, node):
        problem = _attribute_problem(node.attr)
        if problem and not (node.attr == "__init__" or node.attr in ALLOWED_DUNDERS):
            self.flag(node, problem)
        if isinstance(node.ctx, (ast.Store, ast.Del)) and not self._on_self(node):
            what = "set" if isinstance(node.ctx, ast.Store) else "deleted"
            self.flag(node, f"`{ast.unparse(node)}`: attributes may only be {what} on self "
                            f"(`self.{node.attr}`), not on another module, class or object")
        self.generic_visit(node)

    def _on_self(self, node):
        return (isinstance(node.value, ast.Name) and bool(self.self_names)
                and node.value.id == self.self_names[-1])

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "type" and len(node.args) != 1:
            self.flag(node, "type(...) may only be asked for the type of one object")
        if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                problem = _attribute_problem(name.value)
                if problem:
                    self.flag(node, problem)
        self.generic_visit(node)

    # definitions
    def visit_FunctionDef(self, node):
        self._function(node)

    def visit_AsyncFunctionDef(self, node):
        self._function(node)

    def _function(self, node, in_class=False):
        for decorator in node.decorator_list:
            self.visit(decorator)
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        params = node.args.posonlyargs + node.args.args
        is_method = in_class and params and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
        inherited = self.self_names[-1] if self.self_names and not in_class else None
        self.self_names.append(params[0].arg if is_method else inherited)
        for statement in node.body:
            self.visit(statement)
        self.self_names.pop()


    def visit_ClassDef(self, node):
        for keyword in node.keywords:
            self.flag(node, f"class {node.name}: `{keyword.arg}=` in a class statement is not allowed")
        for item in node.bases + node.decorator_list:
            self.visit(item)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if item.name.startswith("__") and item.name.endswith("__") and item.name not in ALLOWED_METHODS:
                    self.flag(item, f"class {node.name} may not define {item.name} "
                                    f"(allowed special methods: {', '.join(sorted(ALLOWED_METHODS))})")
                self._function(item, in_class=True)
            elif isinstance(item, ast.Assign):
                for target in item.targets:
                    if isinstance(target, ast.Name) and target.id.startswith("__") \
                            and target.id not in ALLOWED_CLASS_DUNDERS:
                        self.flag(item, f"class {node.name} may not set {target.id}")
                self.visit(item)
            else:
                self.visit(item)


def check_source(source, filename="<kata>"):
    """Every Violation of the rules in ``source`` (a str or bytes), in line order.
    A SyntaxError propagates: the caller reports it as such."""
    tree = ast.parse(source, filename)
    checker = _Checker()
    checker.visit(tree)
    return sorted(set(checker.violations), key=lambda v: (v.line, v.rule))


class PolicyError(ImportError):
    """A kata module broke the rules (raised instead of running it)."""


# ----------------------------------------------------------- run time

# Told of every refusal at run time (the grader records them: a kata that
# tries scores 0 even if it catches the exception).
on_refusal = None


def _refuse(error, what):
    if on_refusal is not None:
        on_refusal(what)
    raise error(f"refused by the kata rules: {what}")


def guarded_getattr(obj, name, *default):
    """``getattr`` that refuses what the source check refuses."""
    if not isinstance(name, str):
        raise TypeError("attribute name must be a string")
    problem = _attribute_problem(name)
    if problem:
        _refuse(PermissionError, problem)
    return getattr(obj, name, *default)


def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    """``__import__`` for a kata module's own import statements."""
    if level or not _allowed_module(name):
        _refuse(PolicyError, f"import {name!r}")
    for item in fromlist or ():
        problem = _attribute_problem(item) if item != "*" else None
        if problem:
            _refuse(PolicyError, problem)
    return builtins.__import__(name, globals, locals, fromlist, level)


def guarded_builtins():
    """The builtins a kata module runs with: the usual ones, without the
    forbidden names, with ``getattr`` and ``__import__`` guarded."""
    table = {k: v for k, v in vars(builtins).items() if k not in FORBIDDEN_NAMES}
    table["getattr"] = guarded_getattr
    table["__import__"] = guarded_import
    table["__build_class__"] = builtins.__build_class__
    return table


def main(argv=None):
    """``python -m common.policy FILE...``: print every violation; exit 1 if any."""
    bad = 0
    for name in argv if argv is not None else sys.argv[1:]:
        for violation in check_source(Path(name).read_bytes(), name):
            print(f"{name}:{violation}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
