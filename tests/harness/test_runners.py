"""The training runners start, write their pictures and checkpoints, resume,
and stop cleanly on a diverged loss (tiny settings: seconds each)."""
import json
import subprocess
import sys

import pytest

from common.progression import ROOT


def run(module, *args):
    proc = subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    return proc


@pytest.mark.parametrize("api", ["gluon", "module"])
def test_dcgan_runner_writes_pictures_and_resumes(tmp_path, api):
    out = tmp_path / api
    tiny = ["--api", api, "--ngf", 8, "--ndf", 8, "--batch-size", 8, "--every", 2, "--out", out]
    first = run("common.train_dcgan", *tiny, "--iterations", 2)
    assert first.returncode == 0, first.stderr[-3000:]
    for name in ("grid_000002.png", "side_by_side.png", "losses.png", "checkpoint/state.json"):
        assert (out / name).is_file(), f"{name} missing after the run"
    again = run("common.train_dcgan", *tiny, "--iterations", 4, "--resume")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "from iteration 2" in again.stdout
    assert json.loads((out / "checkpoint" / "state.json").read_text())["iteration"] == 4


def test_dcgan_runner_stops_on_a_diverged_loss(tmp_path):
    proc = run("common.train_dcgan", "--ngf", 8, "--ndf", 8, "--batch-size", 8, "--iterations", 3,
               "--lr", 1e38, "--out", tmp_path)
    assert proc.returncode == 1
    assert "training diverged" in proc.stderr


def test_cgan_runner_writes_the_digit_grid_and_scores(tmp_path):
    proc = run("common.train_cgan", "--fast", "--steps", 2, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert 0 <= scores["conditional_accuracy"] <= 1
    assert (tmp_path / "digits.png").is_file() and (tmp_path / "losses.png").is_file()


def test_textgen_runner_writes_checkpoints_and_samples(tmp_path):
    proc = run("common.train_textgen", "--minutes", 0.05, "--round-batches", 2, "--num-hidden", 16,
               "--num-embed", 8, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (tmp_path / "samples.txt").read_text().strip()
    assert list(tmp_path.glob("*-best.params"))
