"""The progression report printed at the end of a test run: one row per
kata (done / in progress / pending) and what to do next."""
import json
from collections import OrderedDict

from common import loader, progression

PENDING = "pending"
NOT_ATTEMPTED = "not attempted"


def pending_reason(exc):
    """The skip reason of a test whose kata code is not written yet."""
    if isinstance(exc, loader.ImplNotFound):
        return f"{NOT_ATTEMPTED}: {exc}"
    detail = str(exc).strip() or "raises NotImplementedError"
    return f"{PENDING}: {detail}"


def first_line(excinfo, limit=300):
    """An exception's message on one line, short enough for a table row."""
    text = " ".join(excinfo.exconly().split()) or excinfo.typename
    return text if len(text) <= limit else text[: limit - 3] + "..."


class KataTally:
    """Outcomes of one kata's tests in one run."""

    def __init__(self):
        self.tests = OrderedDict()  # nodeid -> "passed" | "failed" | "pending" | "skipped"
        self.first_failure = None   # (nodeid, message)

    def add(self, report):
        if report.when == "call" or report.outcome != "passed":
            outcome = report.outcome
            if report.skipped:
                outcome = _pending_kind(report) or outcome
            if self.tests.get(report.nodeid) == "failed":
                return  # a teardown after a failed call changes nothing
            self.tests[report.nodeid] = outcome
            if outcome == "failed" and self.first_failure is None:
                self.first_failure = (report.nodeid, report.first_line or "failed")

    def count(self, outcome):
        return sum(1 for o in self.tests.values() if o == outcome)

    @property
    def status(self):
        if not self.tests:
            return "not run"
        if self.count(NOT_ATTEMPTED) == len(self.tests):
            return NOT_ATTEMPTED
        if self.count(PENDING) + self.count(NOT_ATTEMPTED) == len(self.tests):
            return PENDING
        if self.count("failed") == self.count(PENDING) == self.count(NOT_ATTEMPTED) == 0:
            return "done"  # other skips (a GPU-only test on a CPU) do not hold a kata back
        return "in progress"


def _pending_kind(report):
    """PENDING or NOT_ATTEMPTED for a skipped kata test, None for another skip."""
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    for kind in (PENDING, NOT_ATTEMPTED):
        if reason.startswith(kind):
            return kind
    return None


class Results:
    """Every kata's tally for one pytest run."""

    def __init__(self, impl):
        self.impl = impl
        self.katas = OrderedDict((k, KataTally()) for k in progression.KATAS)

    def add(self, report):
        self.katas[report.kata].add(report)

    def ran(self):
        return any(t.tests for t in self.katas.values())

    def table_lines(self):
        lines = [f"Kata progress ({loader.describe(self.impl)})"]
        for number, (name, tally) in enumerate(self.katas.items(), 1):
            lines.append(f"  {number}. {name:<13} {_row(name, tally)}")
        lines.append(self.next_step())
        return lines

    def next_step(self):
        for name, tally in self.katas.items():
            if tally.status == "in progress":
                nodeid, _ = tally.first_failure or (None, None)
                where = f" ({nodeid})" if nodeid else ""
                return (f"Next: keep going with katas/{name}.py{where}; "
                        f"`make test KATA={name}` runs just that kata.")
            if tally.status in (PENDING, NOT_ATTEMPTED):
                return (f"Next: open katas/{name}.py, read the docstrings and replace the "
                        f"`raise NotImplementedError` lines; `make test KATA={name}` runs just that kata.")
        if any(t.status == "done" for t in self.katas.values()):
            return "Next: every kata that ran is done. Try `make demo` to train the models."
        return "Next: nothing ran; `make test` runs every kata."

    def as_dict(self):
        return {
            "impl": loader.describe(self.impl),
            "katas": {
                name: {
                    "status": tally.status,
                    "tests": dict(tally.tests),
                    "first_failure": tally.first_failure,
                } for name, tally in self.katas.items()
            },
        }

    def write_json(self, path):
        with open(path, "w") as f:
            json.dump(self.as_dict(), f, indent=2)


def _row(name, tally):
    status = tally.status
    if status == "not run":
        if not progression.test_file(name).exists():
            return "coming soon (no tests yet)"
        return "not run"
    total = len(tally.tests)
    if status == "done":
        return f"done          {total}/{total} passing"
    if status == PENDING:
        return f"pending       0/{total}: {progression.SUMMARY[name]}"
    if status == NOT_ATTEMPTED:
        return f"not attempted 0/{total}: no {name}.py in the submission"
    text = f"in progress   {tally.count('passed')}/{total} passing"
    if tally.first_failure:
        nodeid, message = tally.first_failure
        text += f"; first failure: {nodeid.split('::', 1)[-1]}: {message}"
    elif tally.count(PENDING):
        text += f", {tally.count(PENDING)} pending"
    return text
