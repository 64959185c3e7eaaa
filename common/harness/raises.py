"""``DID NOT RAISE ValueError`` says which call should have raised.

pytest's message names the exception, not the call. The test's source does:
:func:`explain_did_not_raise` finds the ``with pytest.raises(...)`` block the
failure came from, writes its body out with the test's simple local values
filled in, and adds it to the message::

    DID NOT RAISE ValueError: kata.one_hot(np.array([0, 10]), depth=10) should raise ValueError
"""
import ast
import functools

from common.harness import frames

PREFIX = "DID NOT RAISE "
MAX_VALUE_REPR = 80  # a local whose repr is longer stays a name
SIMPLE = (int, float, complex, bool, str, bytes, type(None))


def explain_did_not_raise(error, tb, test_path):
    """Extend a pytest ``DID NOT RAISE`` failure's message in place with the
    call that should have raised; any other exception is left alone."""
    message = getattr(error, "msg", None)
    if not isinstance(message, str) or not message.startswith(PREFIX) or " should raise " in message:
        return
    place = frames.innermost(tb, test_path)
    if place is None:
        return
    call = raising_block(str(test_path), place.line, place.frame.f_locals)
    if call:
        error.msg = f"{message}: {call} should raise {message[len(PREFIX):]}"


def raising_block(path, line, values):
    """The body of the innermost ``with pytest.raises(...)`` around ``line``
    of ``path``, with the names in ``values`` that hold simple values written
    as those values; None when there is none."""
    block = _innermost_raises_block(_parse(path), line)
    if block is None:
        return None
    filled = _FillIn(values)
    body = [ast.unparse(filled.visit(_copy(statement))) for statement in block.body]
    return "; ".join(body)


@functools.lru_cache(maxsize=32)
def _parse(path):
    with open(path, encoding="utf-8") as f:
        return ast.parse(f.read())


def _copy(node):
    return ast.parse(ast.unparse(node)).body[0]


def _is_raises(expr):
    func = expr.func if isinstance(expr, ast.Call) else None
    return (isinstance(func, ast.Attribute) and func.attr == "raises") or (
        isinstance(func, ast.Name) and func.id == "raises")


def _innermost_raises_block(tree, line):
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.With) and node.lineno <= line <= node.end_lineno \
                and any(_is_raises(item.context_expr) for item in node.items):
            if best is None or node.lineno >= best.lineno:
                best = node
    return best


def _simple(value, depth=0):
    if isinstance(value, SIMPLE):
        return True
    if isinstance(value, (list, tuple, set, frozenset)) and depth < 3:
        return all(_simple(v, depth + 1) for v in value)
    if isinstance(value, dict) and depth < 3:
        return all(_simple(k, depth + 1) and _simple(v, depth + 1) for k, v in value.items())
    return False


class _FillIn(ast.NodeTransformer):
    """Replaces names bound to short, simple values by those values."""

    def __init__(self, values):
        self.values = values

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.values:
            value = self.values[node.id]
            text = repr(value)
            if _simple(value) and len(text) <= MAX_VALUE_REPR:
                try:
                    return ast.copy_location(ast.parse(text, mode="eval").body, node)
                except SyntaxError:
                    return node
        return node
