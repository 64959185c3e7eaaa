"""The demos start, write their pictures and checkpoints, resume, stop
cleanly on a diverged loss, and explain a kata that is not ready (tiny
settings or --dry-run: seconds each)."""
import json
import subprocess
import sys
import tempfile

import pytest

from common.course import ROOT


def run(module, *args, cwd=ROOT):
    """Run a demo as a learner would; its HOME (matplotlib's cache) is a fresh folder."""
    home = tempfile.mkdtemp(prefix="demo-home-")
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": home})


@pytest.mark.parametrize("api", ["gluon", "module"])
def test_dcgan_demo_writes_pictures_and_resumes(tmp_path, api):
    out = tmp_path / api
    tiny = ["--api", api, "--ngf", 8, "--ndf", 8, "--batch-size", 8, "--every", 2, "--out", out]
    first = run("common.demos.dcgan", *tiny, "--iterations", 2)
    assert first.returncode == 0, first.stderr[-3000:]
    for name in ("grid_000002.png", "side_by_side.png", "losses.png", "checkpoint/state.json"):
        assert (out / name).is_file(), f"{name} missing after the run"
    again = run("common.demos.dcgan", *tiny, "--iterations", 4, "--resume")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "from iteration 2" in again.stdout
    saved = json.loads((out / "checkpoint" / "state.json").read_text())
    assert saved["step"] == 4 and len(saved["history"]) == 4
    assert {"errD", "errG", "d_real", "d_fake"} <= set(saved["history"][-1])


def test_dcgan_demo_stops_on_a_diverged_loss(tmp_path):
    proc = run("common.demos.dcgan", "--ngf", 8, "--ndf", 8, "--batch-size", 8, "--iterations", 3,
               "--lr", 1e38, "--out", tmp_path)
    assert proc.returncode == 1
    assert "training diverged" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cgan_demo_dry_run_writes_the_grid_scores_and_resumes(tmp_path):
    tiny = ["--fast", "--dry-run", "--ngf", 4, "--ndf", 4, "--batch-size", 8, "--out", tmp_path]
    proc = run("common.demos.cgan", *tiny)
    assert proc.returncode == 0, proc.stderr[-3000:]
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert 0 <= scores["conditional_accuracy"] <= 1 and scores["evaluations"]
    assert (tmp_path / "digits.png").is_file() and (tmp_path / "losses.png").is_file()
    again = run("common.demos.cgan", *tiny, "--resume")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "from step 2" in again.stdout
    assert json.loads((tmp_path / "checkpoint" / "state.json").read_text())["step"] == 4


def test_textgen_demo_dry_run_writes_samples_and_resumes(tmp_path):
    tiny = ["--dry-run", "--num-hidden", 16, "--num-embed", 8, "--num-layers", 1, "--seq-len", 16,
            "--sample-length", 20, "--out", tmp_path]
    proc = run("common.demos.textgen", *tiny)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (tmp_path / "samples.txt").read_text().strip()
    assert list(tmp_path.glob("*-best.params")) and (tmp_path / "losses.png").is_file()
    again = run("common.demos.textgen", *tiny, "--resume")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "from round 1" in again.stdout


@pytest.mark.parametrize("demo, kata", [("dcgan", "dcgan_gluon"), ("cgan", "cgan"), ("textgen", "textgen")])
def test_a_pending_kata_gets_one_line_and_its_own_folder(tmp_path, demo, kata):
    """`make demo-* IMPL=katas` on an untouched stub: which function is pending, no
    traceback, and nothing written over the reference's runs/<demo>."""
    proc = run(f"common.demos.{demo}", "--impl", ROOT / "katas", "--dry-run", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert "is not written yet" in proc.stderr and f"make test KATA={kata}" in proc.stderr
    assert not (tmp_path / "runs" / demo).exists()
    assert (tmp_path / "runs" / f"{demo}-katas").is_dir()


def test_a_missing_kata_is_named(tmp_path):
    proc = run("common.demos.cgan", "--impl", tmp_path, "--dry-run", cwd=tmp_path)
    assert proc.returncode == 2 and "cgan.py does not exist" in proc.stderr
    assert "Traceback" not in proc.stderr
