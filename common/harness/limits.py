"""Stop a kata test that runs too long or keeps growing, with a message.

An endless loop in a kata freezes the terminal; an iterator that never
raises StopIteration makes the tests' ``list(it)`` spin and hoard batches
until the machine swaps. pytest-timeout (configured in pytest.ini: the
``timeout`` option, ``-o timeout=...``, ``--timeout`` or ``PYTEST_TIMEOUT``)
decides how long a test may take and calls the harness to arm and disarm a
timer around it; for kata tests the timer is a :class:`Watchdog`.

A watchdog thread looks at the clock and at the memory the process holds
four times a second. Past the time limit, or once memory has grown by more
than ``memory_mb`` since the test started, it interrupts the test's thread
(``_thread.interrupt_main`` with SIGALRM, whose handler raises
:class:`TestStopped`). TestStopped is a BaseException: a kata's ``except
Exception`` does not swallow it, and hypothesis does not catch it and re-run
the loop to shrink the example. The harness turns it into one line::

    test_one_hot_depth did not finish within 120 s: an endless loop? (an iterator
    that never raises StopIteration?)

Code stuck inside one C call (a single huge MXNet operation) cannot be
interrupted this way; the grader's per-kata limit still ends it.
"""
import _thread
import os
import resource
import signal
import sys
import threading
import time

POLL_S = 0.25
TIMED_OUT = "time"
MEMORY = "memory"


class TestStopped(BaseException):
    """A kata test stopped by its watchdog: ``reason`` is "time" or "memory",
    ``summary`` what happened without the test's name ("did not finish
    within 120 s")."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, message, reason, summary):
        super().__init__(message)
        self.reason, self.summary = reason, summary


def rss_mb():
    """The memory this process holds now (resident set), in MB."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):  # no /proc: the peak is what we have
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


class Watchdog:
    """Watches one test from :meth:`start` to :meth:`stop` (main thread only)."""

    def __init__(self, test_name, limit_s, memory_mb, poll_s=POLL_S):
        self.test_name = test_name
        self.limit_s = limit_s
        self.memory_mb = memory_mb
        self.poll_s = poll_s
        self.message = self.reason = self.summary = None
        self._done = threading.Event()
        self._thread = None
        self._previous_handler = None

    def start(self):
        self._previous_handler = signal.signal(signal.SIGALRM, self._raise)
        self._started = time.monotonic()
        self._baseline_mb = rss_mb()
        self._thread = threading.Thread(target=self._watch, name=f"kata watchdog {self.test_name}",
                                        daemon=True)
        self._thread.start()

    def stop(self):
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        signal.signal(signal.SIGALRM, self._previous_handler or signal.SIG_DFL)

    def _watch(self):
        while not self._done.wait(self.poll_s):
            elapsed = time.monotonic() - self._started
            grown = rss_mb() - self._baseline_mb
            if self.limit_s and elapsed >= self.limit_s:
                self.reason = TIMED_OUT
                self.summary = f"did not finish within {self.limit_s:g} s"
                self.message = (f"{self.test_name} {self.summary}: an endless loop? "
                                "(an iterator that never raises StopIteration?)")
            elif self.memory_mb and grown > self.memory_mb:
                self.reason = MEMORY
                self.summary = f"grew by {grown:.0f} MB in {elapsed:.0f} s (the limit is {self.memory_mb:g} MB)"
                self.message = (f"{self.test_name} was stopped: its memory {self.summary}: an endless loop "
                                "that keeps what it makes? (an iterator that never raises StopIteration, "
                                "collected by list()?)")
            if self.reason:
                _thread.interrupt_main(signal.SIGALRM)
                return

    def _raise(self, signum, frame):
        if self.reason and not self._done.is_set():
            raise TestStopped(self.message, self.reason, self.summary)
