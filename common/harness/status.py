"""The one status rule: how a kata's test outcomes make it done, in progress,
pending, not attempted or broken. The learner's progress report and the
grader both decide with :func:`kata_status`.

A test's outcome travels as a structured field of its pytest report
(``report.user_properties``: ``("kata_outcome", outcome)``), set once by the
harness plugin and read here; nobody parses skip reasons. A pending test
also carries the kata function that raised NotImplementedError
(``("kata_pending_function", "RandIter.getdata")``), so the report can say
which function to write next and how many tests wait on it.
"""
from collections import Counter, OrderedDict
from enum import Enum

PROPERTY = "kata_outcome"
PENDING_FUNCTION = "kata_pending_function"


class Outcome(str, Enum):
    """What one test of a kata came to."""

    PASSED = "passed"
    FAILED = "failed"
    PENDING = "pending"              # the kata code raises NotImplementedError
    NOT_ATTEMPTED = "not attempted"  # the submission has no module for the kata
    BROKEN = "broken"                # the kata module does not import
    SKIPPED = "skipped"              # any other skip (a GPU-only test on a CPU)

    def __str__(self):
        return self.value


class Status(str, Enum):
    """Where a kata stands."""

    DONE = "done"
    IN_PROGRESS = "in progress"
    PENDING = "pending"
    NOT_ATTEMPTED = "not attempted"
    BROKEN = "broken"
    NOT_RUN = "not run"

    def __str__(self):
        return self.value


def kata_status(outcomes):
    """The status of a kata from its tests' outcomes (an iterable of Outcome
    or their values, one per test).

    - no test ran: not run;
    - the module does not import: broken;
    - every test not attempted: not attempted (a submission without the file);
    - every test pending or not attempted: pending (nothing written yet);
    - nothing failed and nothing pending: done (other skips, such as a
      GPU-only test on a CPU, do not hold a kata back);
    - anything else: in progress.
    """
    counts = Counter(Outcome(o) for o in outcomes)
    total = sum(counts.values())
    if total == 0:
        return Status.NOT_RUN
    if counts[Outcome.BROKEN]:
        return Status.BROKEN
    if counts[Outcome.NOT_ATTEMPTED] == total:
        return Status.NOT_ATTEMPTED
    if counts[Outcome.PENDING] + counts[Outcome.NOT_ATTEMPTED] == total:
        return Status.PENDING
    if counts[Outcome.FAILED] + counts[Outcome.PENDING] + counts[Outcome.NOT_ATTEMPTED] == 0:
        return Status.DONE
    return Status.IN_PROGRESS


def set_outcome(report, outcome):
    """Record a test's kata outcome on its pytest report (one phase)."""
    report.user_properties = [p for p in report.user_properties if p[0] != PROPERTY]
    report.user_properties.append((PROPERTY, Outcome(outcome).value))


def set_pending_function(report, qualname):
    """Record which kata function a pending test waits on (its ``co_qualname``)."""
    report.user_properties = [p for p in report.user_properties if p[0] != PENDING_FUNCTION]
    report.user_properties.append((PENDING_FUNCTION, qualname))


def pending_function_of(report):
    """The kata function a pending test waits on, or None when unknown."""
    for name, value in getattr(report, "user_properties", ()):
        if name == PENDING_FUNCTION:
            return value
    return None


def outcome_of(report):
    """The kata outcome of one phase's pytest report."""
    for name, value in getattr(report, "user_properties", ()):
        if name == PROPERTY:
            return Outcome(value)
    if report.passed:
        return Outcome.PASSED
    return Outcome.SKIPPED if report.skipped else Outcome.FAILED


class KataTally:
    """Outcomes of one kata's tests in one run, and its first failure."""

    def __init__(self):
        self.tests = OrderedDict()  # nodeid -> Outcome
        self.first_failure = None   # (nodeid, message)
        self.waiting_on = OrderedDict()  # nodeid -> the kata function a pending test waits on

    def add(self, report, message=None):
        """Count one phase (setup, call, teardown) of a test: the call decides,
        a failing setup or teardown fails the test, nothing undoes a failure."""
        if report.when != "call" and report.passed:
            return
        if self.tests.get(report.nodeid) in (Outcome.FAILED, Outcome.BROKEN):
            return
        outcome = outcome_of(report)
        self.tests[report.nodeid] = outcome
        self.waiting_on.pop(report.nodeid, None)
        if outcome == Outcome.PENDING and pending_function_of(report):
            self.waiting_on[report.nodeid] = pending_function_of(report)
        if outcome in (Outcome.FAILED, Outcome.BROKEN) and self.first_failure is None:
            self.first_failure = (report.nodeid, message or "failed")

    def count(self, outcome):
        return sum(1 for o in self.tests.values() if o == outcome)

    def next_function(self):
        """(function, tests waiting on it) for the first pending test's function, or None."""
        if not self.waiting_on:
            return None
        first = next(iter(self.waiting_on.values()))
        return first, sum(1 for f in self.waiting_on.values() if f == first)

    @property
    def status(self):
        return kata_status(self.tests.values())
