"""Implementation selection, pending vs failing, and the progress report,
run end to end on the iterators kata in a child pytest."""
import json
import subprocess
import sys


from common.course import ROOT, KATAS

SELECTION = "one_hot or rand_iter_rejects"


def run_kata(impl, tmp_path, select=SELECTION):
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_iterators.py", "--impl", str(impl),
         "-k", select, "-q", "--report-json", str(report)],
        cwd=ROOT, capture_output=True, text=True)
    return proc, json.loads(report.read_text())["katas"]


def half_done(tmp_path):
    """A submission where one_hot is written and RandIter is not."""
    source = (ROOT / "solutions" / "iterators.py").read_text()
    source = source.replace('        super().__init__(batch_size)\n        if int(batch_size)',
                            '        raise NotImplementedError("RandIter")\n        if int(batch_size)', 1)
    (tmp_path / "iterators.py").write_text(source)
    return tmp_path


def test_untouched_katas_are_pending_and_exit_zero(tmp_path):
    proc, katas = run_kata("katas", tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert katas["iterators"]["status"] == "pending"
    assert list(katas) == list(KATAS)
    assert "1. iterators     pending" in proc.stdout
    assert "Next: open katas/iterators.py" in proc.stdout


def test_solutions_are_done(tmp_path):
    proc, katas = run_kata("solutions", tmp_path)
    assert proc.returncode == 0 and katas["iterators"]["status"] == "done"


def test_partly_done_submission_is_in_progress(tmp_path):
    proc, katas = run_kata(half_done(_mkdir(tmp_path / "sub")), tmp_path)
    outcomes = katas["iterators"]["tests"]
    assert proc.returncode == 0, "pending tests are not failures"
    assert katas["iterators"]["status"] == "in progress"
    assert all(v == "passed" for k, v in outcomes.items() if "one_hot" in k)
    assert all(v == "pending" for k, v in outcomes.items() if "rand_iter" in k)


def test_not_implemented_fails_under_a_strict_impl(tmp_path):
    mutant = half_done(_mkdir(tmp_path / "sub")) / "iterators.py"
    proc, katas = run_kata(mutant, tmp_path)
    assert proc.returncode == 1
    assert katas["iterators"]["status"] == "in progress"
    assert "NotImplementedError" in katas["iterators"]["first_failure"][1]


def test_a_wrong_answer_is_reported_with_its_message(tmp_path):
    sub = _mkdir(tmp_path / "sub")
    source = (ROOT / "solutions" / "iterators.py").read_text()
    off_by_one = source.replace("out[np.arange(labels.size), labels] = 1.0",
                                "out[np.arange(labels.size), (labels + 1) % depth] = 1.0")
    assert off_by_one != source
    (sub / "iterators.py").write_text(off_by_one)
    proc, katas = run_kata(sub, tmp_path)
    assert proc.returncode == 1
    nodeid, message = katas["iterators"]["first_failure"]
    assert "one_hot" in nodeid and "column" in message
    assert "in progress" in proc.stdout and "first failure: test_one_hot" in proc.stdout


def test_a_missing_module_is_not_attempted(tmp_path):
    proc, katas = run_kata(_mkdir(tmp_path / "empty"), tmp_path)
    assert proc.returncode == 0 and katas["iterators"]["status"] == "not attempted"
    assert "not attempted 0/9: no iterators.py in the submission" in proc.stdout


def _mkdir(path):
    path.mkdir(parents=True, exist_ok=True)
    return path
