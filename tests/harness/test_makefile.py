"""The learner's make targets: the commands they run (``make -n``), the
implementation chosen by IMPL, else $KATA_IMPL, else katas/, and messages
that list the katas in course order."""
import os
import shutil
import subprocess

import pytest

from common.course import KATAS, ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(*args, **environ):
    env = {k: v for k, v in os.environ.items() if k not in ("KATA_IMPL", "IMPL", "KATA", "MAKEFLAGS")}
    env.update(environ)
    return subprocess.run(["make", "-n", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def command_of(proc, word):
    """The line of a dry run that runs ``word`` (its venv set-up lines aside)."""
    lines = [line for line in proc.stdout.splitlines() if word in line]
    assert lines, proc.stdout + proc.stderr
    return lines[-1]


def test_make_test_runs_the_katas_in_course_order_with_short_tracebacks_and_progress():
    line = command_of(make("test"), "-m pytest")
    files = [part for part in line.split() if part.startswith("tests/test_")]
    assert files == [f"tests/test_{k}.py" for k in KATAS]
    assert "--impl katas" in line and "--tb=short" in line and "--progress-file .kata-progress.json" in line


def test_kata_impl_in_the_environment_is_honoured_and_impl_wins_over_it(tmp_path):
    line = command_of(make("test", "KATA=iterators", KATA_IMPL=str(tmp_path)), "-m pytest")
    assert f"tests/test_iterators.py --impl {tmp_path} " in line
    line = command_of(make("test", "KATA=iterators", "IMPL=solutions", KATA_IMPL=str(tmp_path)), "-m pytest")
    assert "--impl solutions " in line


def test_an_unknown_kata_lists_the_katas_in_course_order():
    proc = make("test", "KATA=nope")
    assert proc.returncode != 0
    assert f"unknown kata 'nope'; the katas, in course order: {' '.join(KATAS)}" in proc.stderr


def test_make_hint_and_make_watch_pass_the_kata_the_level_and_the_progress_file():
    line = command_of(make("hint", "KATA=visualize", "LEVEL=2"), "common.harness.hints")
    assert "common.harness.hints visualize --level 2 --impl katas --progress-file .kata-progress.json" in line
    assert "--level" not in command_of(make("hint"), "common.harness.hints")
    watch = make("watch", "KATA=cgan").stdout
    assert "common.harness.watch --kata cgan --impl katas --progress-file .kata-progress.json" in watch
    assert '--pytest-args "-q --tb=short"' in watch
