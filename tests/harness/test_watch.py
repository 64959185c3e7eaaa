"""`make watch [KATA=x]`: pytest-watcher re-runs the kata you are on each
time a file is saved (common/harness/watch.py). What can be tested without
a terminal: the commands, and a real watcher that starts, reacts to a saved
file and stops."""
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from argparse import Namespace

from common.course import ROOT
from common.harness import progress, watch
from tests.harness.children import submission


def test_each_run_is_make_test_for_one_kata():
    command = watch.pytest_command("conv_shapes", "katas", ".kata-progress.json")
    assert command == [sys.executable, "-m", "pytest", "tests/test_conv_shapes.py", "--impl", "katas",
                       "-q", "--tb=short", "--progress-file", ".kata-progress.json"]


def test_the_watcher_watches_the_implementations_folder_and_runs_once_per_change(tmp_path):
    args = Namespace(kata=None, impl=str(tmp_path), progress_file="p.json", pytest_args="-q")
    line = watch.watcher_arguments(args)
    assert line[0] == str(tmp_path) and "--now" in line
    assert "--patterns=*.py,**/*.py" in line, "watchdog 7 matches whole paths: *.py alone matches nothing"
    runner = line[line.index("--runner") + 1:]
    assert runner == [sys.executable, "-m", "common.harness.watch", "--once", f"--impl={tmp_path}",
                      "--pytest-args=-q", "--progress-file=p.json"]
    assert watch.folder_of("katas") == ROOT / "katas"


def test_the_kata_you_are_on_is_the_first_not_done(tmp_path):
    state = tmp_path / "p.json"
    assert progress.current_kata("katas", state) == "iterators"
    progress.record_runs({"iterators": {"status": "done"}, "visualize": {"status": "done"}}, "katas", state)
    assert progress.current_kata("katas", state) == "conv_shapes"
    assert progress.current_kata("solutions", state) == "iterators", "each implementation has its own"


def test_a_file_saved_while_the_tests_run_gets_a_run_of_its_own():
    """pytest-watcher 0.6.3 forgets a save made during a run (the learner saves
    again while the slow tests of kata 7 run, and nothing happens)."""
    from pytest_watcher.trigger import Trigger
    trigger = watch.keep_saves_during_a_run(Trigger)()
    trigger.emit()
    assert trigger.check(), "the first save starts a run"
    trigger.emit()  # saved while that run goes on
    trigger.release()
    assert trigger.check(), "the save made during the run was forgotten"
    trigger.release()
    assert not trigger.is_active() and not trigger.check(), "nothing saved since: no further run"


class Output:
    """A child's stdout, read line by line in the background."""

    def __init__(self, proc):
        self.lines, self.seen = queue.Queue(), []
        self.reader = threading.Thread(target=self._read, args=(proc.stdout,), daemon=True)
        self.reader.start()

    def rest(self, timeout=30):
        """Everything read, once the child has closed its output."""
        self.reader.join(timeout)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)

    def _read(self, stream):
        for line in stream:
            self.lines.put(line)

    def wait_for(self, text, count, timeout):
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.seen) < count:
            try:
                self.seen.append(self.lines.get(timeout=max(0.1, deadline - time.monotonic())))
            except queue.Empty:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} #{count} within {timeout} s:\n" + "".join(self.seen)[-3000:])


def test_the_watcher_runs_at_start_reruns_on_save_and_stops(tmp_path):
    sub = submission(tmp_path / "sub", "iterators")
    state = tmp_path / "p.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "common.harness.watch", "--kata", "iterators", "--impl", str(sub),
         "--progress-file", str(state), "--pytest-args", "-q -k one_hot"],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"), start_new_session=True)
    try:
        output = Output(proc)
        output.wait_for("1. iterators     done", 1, timeout=100)
        assert any("make watch: kata 1, iterators" in line for line in output.seen)
        # saved right away, maybe while that first run is still ending: it gets a run of its own
        with open(sub / "iterators.py", "a") as f:
            f.write("\n# saved again\n")
        output.wait_for("1. iterators     done", 2, timeout=100)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole foreground group
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError("make watch did not stop within 60 s of Ctrl-C:\n" + output.rest(5)[-3000:])
        assert code == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = output.rest()
    assert text.count("1. iterators     done") == 2
    assert "make watch: stopped." in text
