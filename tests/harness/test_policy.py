"""The kata rules (common/policy.py): what a kata module may do. Each
refused line is one a hostile submission used against the grader; the
allowed ones are what honest katas write."""
import builtins

import pytest

from common import policy
from common.course import COURSE

REFUSED = {
    "import os": "`import os` is not allowed",
    "import sys": "`import sys` is not allowed",
    "from importlib import import_module": "`from importlib import ...` is not allowed",
    "import ctypes": "`import ctypes` is not allowed",
    "from . import x": "relative imports",
    "import gc": "`import gc`",
    "exec('x = 1')": "`exec` is not allowed",
    "eval('1')": "`eval` is not allowed",
    "__import__('os')": "`__import__` is not allowed",
    "setattr(np, 'abs', abs)": "`setattr` is not allowed",
    "vars(np)['abs'] = abs": "`vars` is not allowed",
    "f = open": None,  # allowed: the grader confines files at run time
    "np.testing.assert_allclose = lambda *a, **k: None": "`np.testing.assert_allclose`: attributes may only be set on self",
    "mx.sym.Symbol.infer_shape = None": "attributes may only be set on self",
    "del np.abs": "attributes may only be deleted on self",
    "g = run.__globals__": "the attribute __globals__ reaches into the interpreter",
    "d = np.__dict__": "the attribute __dict__",
    "s = mx.base.sys": "the attribute .sys leads out of the kata",
    "m = np.core.numeric.sys.modules": "the attribute .sys",
    "lib = mx.base._LIB": "the attribute ._LIB",
    "x = getattr(np, '__dict__')": "the attribute __dict__",
    "T = type('T', (), {})": "type(...) may only be asked for the type of one object",
    "class Liar(int):\n    def __eq__(self, other):\n        return True": "class Liar may not define __eq__",
    "class Meta(type):\n    pass\nclass X(metaclass=Meta):\n    pass": "`metaclass=` in a class statement",
    "class X:\n    __getattr__ = None": "class X may not set __getattr__",
    "def f(obj):\n    obj.update = None": "`obj.update`: attributes may only be set on self",
}
ALLOWED = [
    "import mxnet as mx\nfrom mxnet import gluon, autograd\nfrom mxnet.gluon import nn, rnn\nimport numpy as np",
    "import math, numbers, functools\nfrom collections import namedtuple\nimport matplotlib.image",
    "class It(mx.io.DataIter):\n    def __init__(self, n):\n        super().__init__(n)\n        self.n = n\n"
    "        self.provide_data = [('rand', (n, 1))]\n    def __iter__(self):\n        return self",
    "def name(x):\n    return type(x).__name__",
    "def copy(dst, src):\n    dst.arg_dict['data'][:] = src",
    "layer = getattr(rnn, 'LSTM')",
    "class Net(gluon.Block):\n    def forward(self, x):\n        def inner():\n            self.count = 1\n        return x",
]


@pytest.mark.parametrize("source", sorted(REFUSED), ids=range(len(REFUSED)))
def test_each_refused_line_is_named(source):
    import mxnet as mx  # noqa: F401  (names the sources use)
    message = REFUSED[source]
    found = [str(v) for v in policy.check_source(source)]
    if message is None:
        assert found == []
    else:
        assert any(message in v for v in found), (source, found)
        assert all(v.startswith("line ") for v in found)


@pytest.mark.parametrize("source", ALLOWED)
def test_honest_kata_code_is_allowed(source):
    assert policy.check_source(source) == []


@pytest.mark.parametrize("kata", [k.name for k in COURSE])
def test_the_references_and_the_stubs_follow_the_rules(kata):
    for path in (COURSE[0].reference.parent / f"{kata}.py", COURSE[0].stub.parent / f"{kata}.py"):
        assert policy.check_source(path.read_bytes(), str(path)) == [], path


def test_guarded_builtins_refuse_at_run_time_what_the_source_check_refuses():
    table = policy.guarded_builtins()
    for name in ("eval", "exec", "setattr", "vars", "globals", "__import__"):
        assert table.get(name) is not getattr(builtins, name, None)
    assert "eval" not in table and "setattr" not in table
    with pytest.raises(PermissionError, match="__dict__"):
        table["getattr"](builtins, "__di" + "ct__")
    with pytest.raises(PermissionError, match=".sys"):
        table["getattr"](pytest, "s" + "ys")
    assert table["getattr"](builtins, "len") is len
    with pytest.raises(ImportError, match="'os'"):
        table["__import__"]("o" + "s")
    assert table["__import__"]("math").sqrt(4) == 2
