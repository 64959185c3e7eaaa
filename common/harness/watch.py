"""``make watch [KATA=x]``: run the kata you are on each time you save.

pytest-watcher watches the folder of the implementation under test
(``katas/``, or a submission folder) and, at start and after every saved
``.py`` file, runs ``python -m common.harness.watch --once``. That picks the
kata, KATA when given, else the one you are on (the first, in course order,
whose last run was not done), and runs its tests as ``make test KATA=...``
does, progress report included. Finish a kata and the next save runs the
next one. Ctrl-C stops it (in a terminal, so does ``q``; Enter runs again).

    python -m common.harness.watch [--kata K] [--impl katas] [--progress-file F]
                                   [--pytest-args "-q --tb=short"]
"""
import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from common import course
from common.course import ROOT
from common.harness import loader, progress

DEFAULT_PYTEST_ARGS = "-q --tb=short"
# Saved Python files trigger a run. pytest-watcher's default, "*.py", matches
# nothing with watchdog 7 (it matches whole paths); "**/*.py" does, there and in 6.
PATTERNS = "*.py,**/*.py"


def folder_of(impl):
    """The folder whose saved files trigger a run."""
    path = loader.module_path(impl, course.KATAS[0])
    return path.parent


def pytest_command(kata, impl, progress_file=None, pytest_args=DEFAULT_PYTEST_ARGS):
    """The test run for one kata, as ``make test KATA=kata`` runs it."""
    command = [sys.executable, "-m", "pytest", str(course.test_file(kata).relative_to(ROOT)),
               "--impl", str(impl), *shlex.split(pytest_args)]
    return command + (["--progress-file", str(progress_file)] if progress_file else [])


def watcher_arguments(args):
    """pytest-watcher's command line: the folder, run now, our --once as the runner."""
    once = ["-m", "common.harness.watch", "--once", f"--impl={args.impl}", f"--pytest-args={args.pytest_args}"]
    once += [f"--kata={args.kata}"] if args.kata else []
    once += [f"--progress-file={args.progress_file}"] if args.progress_file else []
    clear = ["--clear"] if sys.stdout.isatty() else []
    return [str(folder_of(args.impl)), "--now", *clear, f"--patterns={PATTERNS}",
            "--runner", sys.executable, *once]


def run_once(args):
    """One run of the kata you are on; its exit status."""
    kata = args.kata or progress.current_kata(args.impl, args.progress_file)
    row = course.kata(kata)
    folder = loader.shown(folder_of(args.impl))
    print(f"make watch: kata {row.number}, {kata}; save a file in {folder}/ to run it again, "
          "Ctrl-C to stop.", flush=True)
    return subprocess.call(pytest_command(kata, args.impl, args.progress_file, args.pytest_args), cwd=ROOT)


def keep_saves_during_a_run(trigger_class):
    """pytest-watcher's trigger, except that a file saved while the tests run
    is not forgotten: after the run, a trigger fired again meanwhile stays set,
    so the saved file gets its run (pytest-watcher 0.6.3 clears it)."""
    class Trigger(trigger_class):
        _emitted = _fired = 0  # how many times a run was asked for; as of the run going now

        def emit(self):
            self._emitted += 1
            super().emit()

        def emit_now(self):
            self._emitted += 1
            super().emit_now()

        def check(self):
            fired = super().check()
            if fired:
                self._fired = self._emitted
            return fired

        def release(self):
            if self._emitted == self._fired:  # nothing saved since this run started
                super().release()
    return Trigger


def watch(args):
    """Hand over to pytest-watcher until Ctrl-C."""
    from pytest_watcher import watcher
    watcher.Trigger = keep_saves_during_a_run(watcher.Trigger)
    sys.argv = ["ptw", *watcher_arguments(args)]
    try:
        watcher.run()
    except KeyboardInterrupt:
        print("\nmake watch: stopped.")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make watch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kata", help="always run this kata (default: the one you are on)")
    parser.add_argument("--impl", default=loader.DEFAULT_IMPL)
    parser.add_argument("--progress-file", default=None)
    parser.add_argument("--pytest-args", default=DEFAULT_PYTEST_ARGS)
    parser.add_argument("--once", action="store_true", help="run the tests once (pytest-watcher's runner)")
    args = parser.parse_args(argv)
    if args.kata:
        course.check_name(args.kata)
    if not Path(folder_of(args.impl)).is_dir():
        parser.error(f"{folder_of(args.impl)} is not a folder to watch")
    return run_once(args) if args.once else watch(args)


if __name__ == "__main__":
    sys.exit(main())
