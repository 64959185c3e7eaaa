"""The stub check catches drift between katas/ and solutions/."""
import types

from common.checks import stubcheck

GOOD_STUB = '''"""A lesson."""
import numpy as np
SIZE = 3


def area(width, height=1):
    """Multiply them."""
    raise NotImplementedError("area")
'''


def module(name, **members):
    mod = types.ModuleType(name)
    for key, value in members.items():
        value.__module__ = name
        setattr(mod, key, value)
    return mod


def test_a_pure_stub_passes():
    assert stubcheck.body_problems(GOOD_STUB, "k.py") == []


def test_solution_code_in_a_stub_is_caught():
    leaked = GOOD_STUB.replace('raise NotImplementedError("area")', "return width * height")
    assert any("must only raise NotImplementedError" in p for p in stubcheck.body_problems(leaked, "k.py"))


def test_module_level_code_and_missing_docstrings_are_caught():
    code = GOOD_STUB + "\nTABLE = np.arange(3)\n\ndef volume(a):\n    raise NotImplementedError\n"
    problems = stubcheck.body_problems(code, "k.py")
    assert any("module level" in p for p in problems)
    assert any("volume has no docstring" in p for p in problems)


def test_signature_and_name_drift_are_caught():
    def area(width, height=1):
        """Stub."""

    def area_ref(width, height=2):
        return width * height

    def extra():
        """Only in the reference."""

    area_ref.__name__ = "area"
    stub = module("katas.x", area=area)
    ref = module("solutions.x", area=area_ref, extra=extra)
    problems = stubcheck.api_problems(stub, ref)
    assert any("extra is missing" in p for p in problems)
    assert any("differs from the reference" in p for p in problems)


def test_class_methods_are_compared():
    class Stub:
        """Stub."""

        def step(self, batch):
            """Do a step."""

    class Ref:
        def step(self, batch, lr):
            pass

    problems = stubcheck.api_problems(module("katas.x", It=Stub), module("solutions.x", It=Ref))
    assert any("It.step" in p for p in problems)


def test_the_repository_is_in_step():
    assert stubcheck.check() == []


def test_the_course_and_the_files_agree(tmp_path):
    """A kata in the table without its files, and a file of a kata not in the table, are both named."""
    from common import course
    for folder in ("katas", "solutions", "tests/mutants/iterators", "common/hints"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "katas" / "iterators.py").write_text("")
    (tmp_path / "katas" / "stray.py").write_text("")
    (tmp_path / "common" / "hints" / "iterators.md").write_text("")
    problems = stubcheck.course_problems(tmp_path)
    assert "solutions/iterators.py: missing (reference of kata 1, iterators)" in problems
    assert "tests/test_iterators.py: missing (tests of kata 1, iterators)" in problems
    assert "katas/conv_shapes.py: missing (stub of kata 2, conv_shapes)" in problems
    assert not any(p.startswith("katas/iterators.py") for p in problems)
    assert "katas: stray is not a kata of the course table (common/course.py)" in problems
    assert len([p for p in problems if "missing" in p]) == 5 * len(course.KATAS) - 3
