"""Implementation selection, pending vs failing, and the progress report,
run end to end on the iterators kata in a child pytest."""
import json
import subprocess
import sys

from common.course import COURSE, KATAS, ROOT
from common.harness import progress

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
    assert "Next: kata 1, iterators (" in proc.stdout


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


# ------------------------------------------------------- what comes next

def test_a_pending_kata_names_the_function_to_write_and_the_tests_waiting_on_it(tmp_path):
    proc, katas = run_kata("katas", tmp_path, select="one_hot")
    function, waiting = katas["iterators"]["next_function"]
    assert function == "one_hot" and waiting == len(katas["iterators"]["tests"])
    assert (f"Next: kata 1, iterators ({COURSE[0].summary}): write `one_hot` in katas/iterators.py "
            f"({waiting} tests wait on it)") in proc.stdout


def test_the_pending_function_is_the_innermost_kata_frame(tmp_path):
    """RandIter written up to getdata: the tests wait on RandIter.getdata, a method."""
    source = (ROOT / "solutions" / "iterators.py").read_text()
    start = source.index("    def getdata(self):")
    body = source.index("\n", source.index("\n", start) + 1)  # keep the def and its docstring line
    sub = _mkdir(tmp_path / "sub")
    (sub / "iterators.py").write_text(source[:body] + "\n        raise NotImplementedError\n" + source[body:])
    proc, katas = run_kata(sub, tmp_path, select="rand_iter_announces")
    assert katas["iterators"]["next_function"][0] == "RandIter.getdata"
    assert "write `RandIter.getdata` in iterators.py" in proc.stdout


def test_the_progress_file_keeps_the_katas_a_run_leaves_out(tmp_path):
    """`make test KATA=x` keeps the other katas' last known status; a run that
    leaves some tests of a kata out (-k, -x) does not overwrite it."""
    state = tmp_path / "progress.json"
    first = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_visualize.py", "--impl", "solutions", "-q",
         "--progress-file", str(state)], cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout[-2000:]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_iterators.py", "--impl", "solutions", "-q", "-k", "one_hot",
         "--progress-file", str(state)], cwd=ROOT, capture_output=True, text=True)
    rows = {line.split()[1]: line for line in proc.stdout.splitlines() if line[:4].strip().rstrip(".").isdigit()}
    assert "done" in rows["visualize"] and "[last run just now]" in rows["visualize"]
    assert "[last run" not in rows["iterators"] and rows["conv_shapes"].endswith("not run")
    assert f"Next: kata 2, conv_shapes ({COURSE[1].summary}): " in proc.stdout, "next means the next kata"
    assert "not run yet; `make test KATA=conv_shapes IMPL=solutions` runs it." in proc.stdout, \
        "a kata never run is run, not rewritten from its stub"
    stored = json.loads(state.read_text())["runs"]["solutions"]
    assert set(stored) == {"visualize"} and stored["visualize"]["status"] == "done"


def test_a_kata_changed_since_its_last_run_says_so(tmp_path):
    state = tmp_path / "progress.json"
    sub = half_done(_mkdir(tmp_path / "sub"))
    (sub / "visualize.py").write_text((ROOT / "solutions" / "visualize.py").read_text())
    args = ["--impl", str(sub), "-q", "--progress-file", str(state)]
    subprocess.run([sys.executable, "-m", "pytest", "tests/test_visualize.py", *args], cwd=ROOT, capture_output=True)
    with open(sub / "visualize.py", "a") as f:
        f.write("\n# edited\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "tests/test_iterators.py", "-k", "one_hot", *args],
                          cwd=ROOT, capture_output=True, text=True)
    assert "3. visualize     done" in proc.stdout and "visualize.py changed since]" in proc.stdout


def test_the_progress_file_is_written_atomically_and_survives_garbage(tmp_path):
    state = tmp_path / "progress.json"
    state.write_text("{not json")
    assert progress.load(state) == progress.empty()
    progress.record_hint("cgan", 2, state)
    progress.record_runs({"cgan": {"status": "done"}}, "katas", state, now=5.0)
    assert json.loads(state.read_text())["hints"] == {"cgan": 2}
    assert progress.last_runs("katas", state) == {"cgan": {"status": "done", "time": 5.0}}
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"], "no temporary file left behind"


def test_a_broken_or_unwritable_progress_file_never_stops_the_report(tmp_path):
    from common.harness import report
    state = tmp_path / "progress.json"
    state.write_text(json.dumps({"version": 1, "hints": {},
                                 "runs": {"katas": {"iterators": {"status": "weird"}, "nope": {}}}}))
    results = report.Results("katas", state)
    assert "iterators     not run" in "\n".join(results.table_lines())
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    results = report.Results("katas", blocker / "progress.json")  # cannot be written
    results.katas["iterators"].tests["tests/test_iterators.py::t"] = report.Outcome.PASSED
    assert results.remember({"iterators"}).startswith(f"(could not remember this run in {blocker}")
