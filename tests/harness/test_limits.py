"""No frozen terminal: a kata test that loops forever, or hoards memory
through an iterator that never stops, ends with a message naming the test,
the limit and the likely cause (common/harness/limits.py, armed through
pytest-timeout). The only tests here that depend on the clock; each margin
is many times what it needs."""
import time

import pytest

from common.harness import limits
from tests.harness.children import run_pytest, submission

ENDLESS_ONE_HOT = ("    labels = np.asarray(labels)\n", "    labels = np.asarray(labels)\n    while True:\n        pass\n")
NEVER_STOPS = ("            raise StopIteration\n", "            self._cursor = start = 0\n")


def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_the_watchdog_stops_a_python_loop_with_the_limit_in_its_message():
    dog = limits.Watchdog("test_spins", limit_s=0.5, memory_mb=0, poll_s=0.05)
    dog.start()
    start = time.monotonic()
    try:
        with pytest.raises(limits.TestStopped) as stopped:
            spin(30)
    finally:
        dog.stop()
    assert time.monotonic() - start < 10
    assert stopped.value.reason == limits.TIMED_OUT
    assert str(stopped.value) == ("test_spins did not finish within 0.5 s: an endless loop? "
                                  "(an iterator that never raises StopIteration?)")


def test_the_watchdog_stops_growing_memory():
    dog = limits.Watchdog("test_hoards", limit_s=60, memory_mb=100, poll_s=0.05)
    hoard = []
    dog.start()
    try:
        with pytest.raises(limits.TestStopped) as stopped:
            for _ in range(10_000):  # up to 10 GB: stopped after about 100 MB
                hoard.append(b"x" * 2**20)  # touched, so resident
                time.sleep(0.001)
    finally:
        dog.stop()
        hoard.clear()
    assert stopped.value.reason == limits.MEMORY
    assert "test_hoards was stopped: its memory grew by" in str(stopped.value)
    assert "(the limit is 100 MB)" in str(stopped.value) and "StopIteration" in str(stopped.value)


def test_a_stopped_watchdog_leaves_the_test_alone():
    dog = limits.Watchdog("test_quick", limit_s=0.2, memory_mb=0, poll_s=0.05)
    dog.start()
    dog.stop()
    spin(0.5)  # would have been stopped had the watchdog still been running


def test_an_endless_one_hot_ends_the_run_with_a_message_naming_it(tmp_path):
    """The issue's case: `pytest tests/test_iterators.py --impl <folder>` on a
    submission whose one_hot never returns. With the limit lowered to 1 s the
    run takes about 12 s on two busy cores; it must end within 3 minutes."""
    sub = submission(tmp_path / "sub", "iterators", *ENDLESS_ONE_HOT)
    start = time.monotonic()
    proc, report = run_pytest(tmp_path, "tests/test_iterators.py", "--impl", sub, "-o", "timeout=1",
                              timeout=180)
    assert time.monotonic() - start < 180
    assert proc.returncode == 1
    outcomes = report["katas"]["iterators"]["tests"]
    assert all(v == "failed" for k, v in outcomes.items() if "one_hot" in k)
    test, message = report["katas"]["iterators"]["first_failure"]
    assert "one_hot" in test
    assert "did not finish within 1 s: an endless loop?" in message
    assert "It was running one_hot, iterators.py line" in message
    assert "did not finish within 1 s" in proc.stdout and "while True:" in proc.stdout
    assert "Timeout" not in proc.stdout and "Stack of" not in proc.stdout, "no thread dumps for learners"


def test_an_iterator_that_never_stops_fails_fast_with_a_message(tmp_path):
    """The iterators tests read at most a few batches past an epoch's end: an
    iterator that never raises StopIteration fails at once, with the cause."""
    sub = submission(tmp_path / "sub", "iterators", *NEVER_STOPS)
    proc, report = run_pytest(tmp_path, "tests/test_iterators.py", "--impl", sub, "-k", "image_iter_pads",
                              timeout=180)
    test, message = report["katas"]["iterators"]["first_failure"]
    assert test.endswith("test_image_iter_pads_the_last_batch")
    assert "did not stop after" in message and "must raise StopIteration" in message, message


def test_a_kata_that_hoards_memory_is_stopped_by_its_memory_limit(tmp_path):
    """A kata whose memory grows without end is stopped when it passes the
    memory limit (lowered to 300 MB here), long before the time limit."""
    sub = submission(tmp_path / "sub", "iterators", "    labels = np.asarray(labels)\n",
                     "    hoard = []\n    while True:\n        hoard.append(np.ones(2**20))\n")
    proc, report = run_pytest(tmp_path, "tests/test_iterators.py", "--impl", sub, "-k", "puts_a_single_one",
                              "-o", "kata_memory_mb=300", "-o", "timeout=170", timeout=180)
    test, message = report["katas"]["iterators"]["first_failure"]
    assert "one_hot" in test
    assert "was stopped: its memory grew by" in message and "(the limit is 300 MB)" in message, message
