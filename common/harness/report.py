"""The progress report printed at the end of a test run: one row per kata,
in course order (done / in progress / pending / broken), and what to do next."""
import json
from collections import OrderedDict

from common import course
from common.harness import loader
from common.harness.status import KataTally, Outcome, Status


def one_line(text, limit=300):
    """A message on one line, short enough for a table row."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Results:
    """Every kata's tally for one pytest run."""

    def __init__(self, impl):
        self.impl = impl
        self.katas = OrderedDict((k, KataTally()) for k in course.KATAS)

    def add(self, kata, report, message=None):
        self.katas[kata].add(report, message)

    def ran(self):
        return any(t.tests for t in self.katas.values())

    def table_lines(self):
        lines = [f"Kata progress ({loader.describe(self.impl)})"]
        for row in course.COURSE:
            lines.append(f"  {row.number}. {row.name:<13} {_row(row, self.katas[row.name])}")
        lines.append(self.next_step())
        return lines

    def next_step(self):
        for name, tally in self.katas.items():
            if tally.status in (Status.IN_PROGRESS, Status.BROKEN):
                nodeid, _ = tally.first_failure or (None, None)
                where = f" ({nodeid})" if nodeid else ""
                return (f"Next: keep going with katas/{name}.py{where}; "
                        f"`make test KATA={name}` runs just that kata.")
            if tally.status in (Status.PENDING, Status.NOT_ATTEMPTED):
                return (f"Next: open katas/{name}.py, read the docstrings and replace the "
                        f"`raise NotImplementedError` lines; `make test KATA={name}` runs just that kata.")
        if any(t.status == Status.DONE for t in self.katas.values()):
            return "Next: every kata that ran is done. Try `make demo` to train the models."
        return "Next: nothing ran; `make test` runs every kata."

    def as_dict(self):
        return {
            "impl": loader.describe(self.impl),
            "katas": {
                name: {
                    "status": str(tally.status),
                    "tests": {nodeid: str(o) for nodeid, o in tally.tests.items()},
                    "first_failure": tally.first_failure,
                } for name, tally in self.katas.items()
            },
        }

    def write_json(self, path):
        with open(path, "w") as f:
            json.dump(self.as_dict(), f, indent=2)


def _row(row, tally):
    status = tally.status
    if status == Status.NOT_RUN:
        return "not run" if row.tests.exists() else "coming soon (no tests yet)"
    total = len(tally.tests)
    if status == Status.DONE:
        return f"done          {total}/{total} passing"
    if status == Status.PENDING:
        return f"pending       0/{total}: {row.summary}"
    if status == Status.NOT_ATTEMPTED:
        return f"not attempted 0/{total}: no {row.name}.py in the submission"
    if status == Status.BROKEN:
        _, message = tally.first_failure
        return f"broken        0/{total}: {message}"
    text = f"in progress   {tally.count(Outcome.PASSED)}/{total} passing"
    if tally.first_failure:
        nodeid, message = tally.first_failure
        text += f"; first failure: {nodeid.split('::', 1)[-1]}: {message}"
    elif tally.count(Outcome.PENDING):
        text += f", {tally.count(Outcome.PENDING)} pending"
    return text
