"""Run pytest (or a harness command) in a child process, as a learner would,
on submissions written from the reference with one mistake in them."""
import json
import os
import subprocess
import sys

from common.course import ROOT

REFERENCE = {}


def reference_source(kata):
    if kata not in REFERENCE:
        REFERENCE[kata] = (ROOT / "solutions" / f"{kata}.py").read_text()
    return REFERENCE[kata]


def submission(folder, kata, old=None, new=None):
    """A folder holding ``<kata>.py``: the reference with ``old`` replaced by ``new``."""
    folder.mkdir(parents=True, exist_ok=True)
    source = reference_source(kata)
    if old is not None:
        assert old in source, f"{old!r} is not in solutions/{kata}.py any more: update this test"
        source = source.replace(old, new, 1)
    (folder / f"{kata}.py").write_text(source)
    return folder


def run_pytest(tmp_path, *args, timeout=600, env=None):
    """(CompletedProcess, report dict) of ``pytest *args --report-json``."""
    report = tmp_path / "report.json"
    report.unlink(missing_ok=True)
    full_env = dict(os.environ, **(env or {}))
    proc = subprocess.run([sys.executable, "-m", "pytest", *map(str, args), "--report-json", str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=full_env)
    data = json.loads(report.read_text()) if report.exists() else None
    return proc, data
