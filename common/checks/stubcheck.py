"""Keep the course table, katas/, solutions/, tests/ and the hints in step.

First the course and the files (as rustlings' ``dev check`` does): every
kata in the table (common/course.py) has a stub, a reference, a test module,
a folder of mutants and a hints file, and no folder holds a kata the table
does not list. Then, for every kata, check that

- the stub and the reference define the same public names, and every public
  function (and class constructor) has the same signature in both;
- every method a stub class declares exists in the reference class with the
  same signature (the reference may have more, e.g. inherited helpers);
- the stub teaches and does nothing else: at module level only a docstring,
  imports, constant assignments, functions and classes; every function body
  is a docstring plus one ``raise NotImplementedError(...)``; every public
  function, class and method has a docstring (that is the lesson).

Run ``python -m common.checks.stubcheck``; it exits 1 listing every problem.
"""
import ast
import importlib
import inspect
import sys

from common import course

ALLOWED_TOP = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant) \
        and isinstance(node.value.value, str)


def _is_literal(node):
    try:
        ast.literal_eval(node)
        return True
    except ValueError:
        return False


def _raises_not_implemented(node):
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def body_problems(source, filename):
    """Problems with a stub's source: anything beyond teaching and raising."""
    problems = []
    tree = ast.parse(source, filename)

    def check_function(fn, owner=""):
        name = f"{owner}{fn.name}"
        body = list(fn.body)
        has_doc = bool(body) and _is_docstring(body[0])
        if has_doc:
            body = body[1:]
        if not has_doc and not fn.name.startswith("_"):
            problems.append(f"{filename}: {name} has no docstring (the docstring is the lesson)")
        if len(body) != 1 or not _raises_not_implemented(body[0]):
            problems.append(f"{filename}:{fn.lineno}: {name} must only raise NotImplementedError "
                            "(the stub may not contain solution code)")

    for index, node in enumerate(tree.body):
        if index == 0 and _is_docstring(node):
            continue
        if isinstance(node, ast.FunctionDef):
            check_function(node)
        elif isinstance(node, ast.ClassDef):
            if not ast.get_docstring(node):
                problems.append(f"{filename}: class {node.name} has no docstring")
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    check_function(item, f"{node.name}.")
                elif _is_docstring(item) or (isinstance(item, ast.Assign) and _is_literal(item.value)):
                    continue
                else:
                    problems.append(f"{filename}:{item.lineno}: class {node.name} body may hold only "
                                    "a docstring, constants and methods")
        elif isinstance(node, ast.Assign) and _is_literal(node.value):
            continue
        elif not isinstance(node, ALLOWED_TOP):
            problems.append(f"{filename}:{node.lineno}: module level may hold only a docstring, "
                            f"imports, constants, functions and classes, not {type(node).__name__}")
    return problems


def public_names(module):
    """Public functions and classes defined by ``module`` itself."""
    return {name: obj for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
            and getattr(obj, "__module__", None) == module.__name__}


def _signature(obj):
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "?"


def api_problems(stub, ref):
    """Differences between the public API of a stub module and its reference."""
    problems = []
    ours, theirs = public_names(stub), public_names(ref)
    for name in sorted(set(theirs) - set(ours)):
        problems.append(f"{stub.__name__}: {name} is missing (the reference defines it)")
    for name in sorted(set(ours) - set(theirs)):
        problems.append(f"{stub.__name__}: {name} is not in the reference {ref.__name__}")
    for name in sorted(set(ours) & set(theirs)):
        a, b = ours[name], theirs[name]
        if inspect.isclass(a) != inspect.isclass(b):
            problems.append(f"{stub.__name__}.{name}: a class in one, a function in the other")
            continue
        if _signature(a) != _signature(b):
            problems.append(f"{stub.__name__}.{name}{_signature(a)} differs from the reference "
                            f"{name}{_signature(b)}")
        if inspect.isclass(a):
            for attr, member in vars(a).items():
                if not inspect.isfunction(member) or (attr.startswith("_") and attr != "__init__"):
                    continue
                other = getattr(b, attr, None)
                if other is None:
                    problems.append(f"{stub.__name__}.{name}.{attr} is not in the reference class")
                elif _signature(member) != _signature(other):
                    problems.append(f"{stub.__name__}.{name}.{attr}{_signature(member)} differs from "
                                    f"the reference {_signature(other)}")
    return problems


def course_problems(root=course.ROOT):
    """Katas of the table that lack one of their files, and files of katas the
    table does not list."""
    problems = []
    for row in course.COURSE:
        parts = {"stub": row.stub, "reference": row.reference, "tests": row.tests,
                 "mutants": row.mutants, "hints": row.hints}
        for what, path in parts.items():
            path = root / path.relative_to(course.ROOT)
            if not path.exists():
                problems.append(f"{path.relative_to(root)}: missing ({what} of kata {row.number}, {row.name})")
    listed = set(course.KATAS)
    found = {
        "katas": {p.stem for p in (root / "katas").glob("*.py") if not p.name.startswith("_")},
        "solutions": {p.stem for p in (root / "solutions").glob("*.py") if not p.name.startswith("_")},
        "tests": {p.stem[len("test_"):] for p in (root / "tests").glob("test_*.py")},
        "tests/mutants": {p.name for p in (root / "tests" / "mutants").iterdir()
                          if p.is_dir() and not p.name.startswith(("_", "."))}
        if (root / "tests" / "mutants").is_dir() else set(),
        "tests/alternatives": {p.name for p in (root / "tests" / "alternatives").iterdir()
                               if p.is_dir() and not p.name.startswith(("_", "."))}
        if (root / "tests" / "alternatives").is_dir() else set(),
        "common/hints": {p.stem for p in (root / course.HINTS.relative_to(course.ROOT)).glob("*.md")},
    }
    for folder, names in found.items():
        for name in sorted(names - listed):
            problems.append(f"{folder}: {name} is not a kata of the course table (common/course.py)")
    return problems


def check(katas_pkg="katas", solutions_pkg="solutions", root=course.ROOT):
    """Every problem found: the course against the files, then each kata's
    stub against its reference."""
    problems = course_problems(root) if root == course.ROOT else []
    for kata in course.KATAS:
        ref_file = root / solutions_pkg / f"{kata}.py"
        stub_file = root / katas_pkg / f"{kata}.py"
        if not ref_file.exists() or not stub_file.exists():
            continue
        problems += body_problems(stub_file.read_text(), str(stub_file.relative_to(root)))
        stub = importlib.import_module(f"{katas_pkg}.{kata}")
        ref = importlib.import_module(f"{solutions_pkg}.{kata}")
        problems += api_problems(stub, ref)
    return problems


def main():
    import common  # noqa: F401  (threads and warnings before mxnet)
    sys.path.insert(0, str(course.ROOT))
    problems = check()
    for line in problems:
        print(line)
    print(f"stubcheck: {len(course.KATAS)} katas of the course checked ({', '.join(course.KATAS)}), "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
