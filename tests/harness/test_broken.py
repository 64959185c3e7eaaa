"""A kata module that does not import is one broken kata with one message,
not one traceback per test (common/harness/broken.py)."""
from common import policy
from common.harness import broken
from tests.harness.children import run_pytest, submission


def test_a_syntax_error_shows_once_with_its_line(tmp_path):
    sub = submission(tmp_path / "sub", "iterators", "def one_hot(labels, depth=10):", "def one_hot(labels, depth=10)")
    proc, report = run_pytest(tmp_path, "tests/test_iterators.py", "--impl", sub, "-q")
    kata = report["katas"]["iterators"]
    assert kata["status"] == "broken"
    assert set(kata["tests"].values()) == {"broken"}
    test, message = kata["first_failure"]
    line = sub.joinpath("iterators.py").read_text().splitlines().index("def one_hot(labels, depth=10)") + 1
    assert message == f"iterators.py does not import: SyntaxError at line {line}: expected ':'"
    assert proc.stdout.count("ERROR at setup") == 1 and "1 error" in proc.stdout
    assert "Traceback" not in proc.stdout
    assert f"broken        0/{len(kata['tests'])}: iterators.py does not import" in proc.stdout
    assert "Next: make iterators.py import again" in proc.stdout
    assert proc.returncode == 1


def test_breaking_the_kata_rules_is_broken_too(tmp_path):
    sub = submission(tmp_path / "sub", "iterators", "import numpy as np\n", "import numpy as np\nimport os\n")
    proc, report = run_pytest(tmp_path, "tests/test_iterators.py", "--impl", sub, "-q", "-k", "one_hot")
    kata = report["katas"]["iterators"]
    assert kata["status"] == "broken"
    assert kata["first_failure"][1].startswith("iterators.py does not import: it breaks the kata rules: line ")
    assert "`import os` is not allowed" in kata["first_failure"][1]


def test_describe_names_the_file_the_error_and_the_line(tmp_path):
    path = tmp_path / "iterators.py"
    path.write_text("x = 1\nraise RuntimeError('boom at import')\n")
    try:
        exec(compile(path.read_text(), str(path), "exec"), {})
    except RuntimeError as error:
        found = broken.describe(error, path)
    assert found.message == "iterators.py does not import: RuntimeError: boom at import (line 2)"
    assert found.first and "raise RuntimeError('boom at import')" in found.text
    rules = broken.describe(policy.PolicyError(f"{path} breaks the kata rules: line 1: no"), path)
    assert rules.message.startswith("iterators.py does not import: it ")


def test_later_tests_do_not_import_again(tmp_path):
    (tmp_path / "iterators.py").write_text("def one_hot(:\n")
    imports = broken.Imports()
    errors = []
    for _ in range(3):
        try:
            imports.load(str(tmp_path), "iterators")
        except broken.ModuleBroken as error:
            errors.append(error)
    assert [e.first for e in errors] == [True, False, False]
    assert len({e.message for e in errors}) == 1
