"""The layout of common/: one subpackage per loop, dependencies pointing one
way, no import cycle (lazy imports inside functions count too)."""
import ast
from pathlib import Path

from common.course import ROOT

COMMON = ROOT / "common"
# Which part may import which (course, env and datasets are for everyone).
MAY_IMPORT = {
    "harness": {"harness"},
    "checks": {"checks", "harness"},
    "grading": {"grading", "harness"},
    "demos": {"demos", "harness"},
    "bench": {"bench", "harness"},
}
SHARED = {"course", "env", "datasets", "policy", "__init__"}
MAY_LOAD_SOLUTIONS = {"harness", "demos", "bench"}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path):
    """The common.* modules a file imports (anywhere in it), and whether it
    loads solutions/ (an import, or loader.load("solutions", ...))."""
    tree = ast.parse(path.read_text())
    found, solutions = set(), False
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "load" and node.args \
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == "solutions":
            solutions = True
        for name in names:
            if name == "solutions" or name.startswith("solutions."):
                solutions = True
            if name.startswith("common."):
                found.add(name)
    return found, solutions


def modules():
    return {module_name(p): p for p in COMMON.rglob("*.py")}


def resolve(name, known):
    """The module an imported name refers to (``common.bench.core.LIMIT`` -> ``common.bench.core``)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def graph():
    known = modules()
    edges = {}
    for name, path in known.items():
        targets, _ = imports_of(path)
        edges[name] = {t for t in (resolve(n, known) for n in targets) if t and t != name}
    return edges


def part(name):
    """'harness' for common.harness.plugin, 'course' for common.course."""
    return name.split(".")[1] if name.count(".") else "__init__"


def test_no_import_cycle():
    edges = graph()
    state, cycles = {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_dependencies_point_one_way():
    wrong = []
    for name, targets in graph().items():
        mine = part(name)
        if mine in SHARED:
            wrong += [f"{name} -> {t}" for t in targets if part(t) not in SHARED]
            continue
        allowed = MAY_IMPORT[mine] | SHARED
        wrong += [f"{name} -> {t}" for t in targets if part(t) not in allowed]
    assert not wrong, "imports against the layering (harness <- grading, checks, demos, bench): " + ", ".join(wrong)


def test_only_the_harness_demos_and_benchmarks_load_the_references():
    loaders = sorted(module_name(p) for p in COMMON.rglob("*.py") if imports_of(p)[1])
    assert loaders and all(part(m) in MAY_LOAD_SOLUTIONS for m in loaders), loaders
