"""The progress report printed at the end of a test run: one row per kata,
in course order (done / in progress / pending / broken), and the next step.

With a progress file (``make test``, ``make watch``), katas this run did not
run show what their last run found, marked ``[last run 5 min ago]``, and
the next step looks at the whole course: the first kata not done, in course
order. The next step is concrete: the test to make pass, or the function to
write next and how many tests wait on it, or the next kata after one is done.
"""
import json
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass

from common import course
from common.harness import loader, progress
from common.harness.status import KataTally, Outcome, Status


@dataclass
class Row:
    """What one kata came to in one run."""

    status: Status
    passed: int = 0
    total: int = 0
    pending: int = 0
    first_failure: tuple = None  # (test name, message)
    next_function: tuple = None  # (kata function, how many pending tests wait on it)
    digest: str = None           # sha256 of the module file when it ran
    time: float = None           # when it ran; None for this run

    @classmethod
    def from_tally(cls, tally, module_file):
        failure = tally.first_failure
        return cls(status=tally.status, passed=tally.count(Outcome.PASSED), total=len(tally.tests),
                   pending=tally.count(Outcome.PENDING),
                   first_failure=(failure[0].split("::", 1)[-1], failure[1]) if failure else None,
                   next_function=tally.next_function(), digest=progress.digest(module_file))

    @classmethod
    def from_dict(cls, data):
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["status"] = Status(fields.get("status", Status.NOT_RUN.value))
        for name in ("first_failure", "next_function"):
            if fields.get(name) is not None:
                fields[name] = tuple(fields[name])
        return cls(**fields)

    def as_dict(self):
        data = asdict(self)
        data["status"] = self.status.value
        data.pop("time")
        return data


class Results:
    """Every kata's tally for one pytest run, and what earlier runs left."""

    def __init__(self, impl, progress_file=None):
        self.impl = impl
        self.progress_file = progress_file
        self.katas = OrderedDict((k, KataTally()) for k in course.KATAS)

    def add(self, kata, report, message=None):
        self.katas[kata].add(report, message)

    def ran(self):
        return any(t.tests for t in self.katas.values())

    def module_file(self, kata):
        return loader.module_path(self.impl, kata)

    def this_run(self):
        """{kata: Row} for the katas this run ran."""
        return {name: Row.from_tally(tally, self.module_file(name))
                for name, tally in self.katas.items() if tally.tests}

    def rows(self):
        """{kata: Row}: this run's, else the last run's from the progress file."""
        rows = {}
        if self.progress_file:
            for kata, data in progress.last_runs(self.impl, self.progress_file).items():
                try:
                    rows[course.kata(kata).name] = Row.from_dict(data)
                except (ValueError, TypeError, AttributeError):
                    pass  # an entry of another version or a hand-edited file: as if never run
        rows.update(self.this_run())
        return rows

    def remember(self, katas):
        """Store this run's rows of ``katas`` (those that ran completely) in the
        progress file; a line to show when that failed, else None."""
        if not self.progress_file:
            return
        mine = {k: row.as_dict() for k, row in self.this_run().items() if k in katas}
        if mine:
            try:
                progress.record_runs(mine, self.impl, self.progress_file)
            except OSError as error:  # a read-only checkout: the report still prints
                return f"(could not remember this run in {self.progress_file}: {error.strerror})"
        return None

    # ------------------------------------------------------------ the table

    def table_lines(self):
        rows = self.rows()
        lines = [f"Kata progress ({loader.describe(self.impl)})"]
        for kata in course.COURSE:
            lines.append(f"  {kata.number}. {kata.name:<13} {self._row_text(kata, rows.get(kata.name))}")
        lines.append(self.next_step(rows))
        return lines

    def _row_text(self, kata, row):
        if row is None or row.status == Status.NOT_RUN:
            return "not run" if kata.tests.exists() else "coming soon (no tests yet)"
        text = _status_text(kata, row)
        if row.time is not None:
            text += f"  [last run {_ago(row.time)}"
            if row.digest != progress.digest(self.module_file(kata.name)):
                text += f"; {loader.shown(self.module_file(kata.name))} changed since"
            text += "]"
        return text

    # ------------------------------------------------------------ next step

    def next_step(self, rows=None):
        """The one thing to do next, for the first kata (in course order) not done."""
        rows = self.rows() if rows is None else rows
        for kata in course.COURSE:
            row = rows.get(kata.name)
            if not kata.tests.exists() or (row is not None and row.status == Status.DONE):
                continue
            return "Next: " + self._advice(kata, row)
        return "Next: every kata is done. Try `make demo` to train the models."

    def _advice(self, kata, row):
        module = loader.shown(self.module_file(kata.name))
        impl = "" if self.impl == loader.DEFAULT_IMPL else f" IMPL={loader.describe(self.impl)}"
        just_this = f"`make test KATA={kata.name}{impl}` runs just that kata"
        hint = f"`make hint KATA={kata.name}` gives a hint"
        intro = f"kata {kata.number}, {kata.name} ({kata.summary}): "
        status = Status.NOT_RUN if row is None else row.status
        if status == Status.NOT_RUN:  # e.g. after `make test KATA=` a later kata, on a fresh clone
            return f"{intro}not run yet; `make test KATA={kata.name}{impl}` runs it."
        if status == Status.BROKEN:
            return f"make {module} import again (its error is above); {just_this}."
        if status == Status.NOT_ATTEMPTED:
            return f"{intro}{loader.describe(self.impl)} has no {kata.name}.py yet."
        if status == Status.IN_PROGRESS and row.first_failure:
            return f"make {row.first_failure[0]} pass (its failure is above) in {module}; {just_this}, {hint}."
        if status in (Status.PENDING, Status.IN_PROGRESS) and row.next_function:
            function, waiting = row.next_function
            where = intro if status == Status.PENDING else ""
            return (f"{where}write `{function}` in {module} ({_waiting(waiting)}); "
                    f"{just_this}, {hint}.")
        return (f"{intro}open {module}, read the docstrings and replace each "
                f"`raise NotImplementedError`; {just_this}.")

    # ------------------------------------------------------------ JSON

    def as_dict(self):
        return {
            "impl": loader.describe(self.impl),
            "katas": {
                name: {
                    "status": str(tally.status),
                    "tests": {nodeid: str(o) for nodeid, o in tally.tests.items()},
                    "first_failure": tally.first_failure,
                    "next_function": tally.next_function(),
                } for name, tally in self.katas.items()
            },
        }

    def write_json(self, path):
        with open(path, "w") as f:
            json.dump(self.as_dict(), f, indent=2)


def _status_text(kata, row):
    total = row.total
    if row.status == Status.DONE:
        return f"done          {total}/{total} passing"
    if row.status == Status.PENDING:
        return f"pending       0/{total}: {kata.summary}"
    if row.status == Status.NOT_ATTEMPTED:
        return f"not attempted 0/{total}: no {kata.name}.py in the submission"
    if row.status == Status.BROKEN:
        message = row.first_failure[1] if row.first_failure else "does not import"
        return f"broken        0/{total}: {message}"
    text = f"in progress   {row.passed}/{total} passing"
    if row.first_failure:
        test, message = row.first_failure
        text += f"; first failure: {test}: {message.removeprefix(test + ' ')}"
    elif row.pending:
        text += f", {row.pending} pending"
        if row.next_function:
            text += f"; next: `{row.next_function[0]}`"
    return text


def _waiting(n):
    return "1 test waits on it" if n == 1 else f"{n} tests wait on it"


def _ago(stamp, now=None):
    seconds = max(0, (time.time() if now is None else now) - stamp)
    if seconds < 90:
        return "just now" if seconds < 10 else f"{seconds:.0f} s ago"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 36 * 3600:
        return f"{seconds / 3600:.0f} h ago"
    return f"{seconds / 86400:.0f} days ago"
