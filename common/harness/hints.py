"""``make hint KATA=x [LEVEL=n]``: progressive hints, one level at a time.

Each kata's hints live in ``common/hints/<kata>.md``. The format, which the
hint files keep and :func:`levels` checks:

    # Hints: <kata>                 a title (anything before the first level is ignored)

    ## 1. A nudge                   "## <n>. <title>", numbered 1, 2, 3... in order
    - what to look at first         the level's text: Markdown, up to the next "## "

    ## 2. The method
    ...

Without LEVEL, ``make hint`` shows the next level this kata has not shown
yet (the progress file remembers the highest one shown), starting at 1;
once all are shown it shows the last again. Without KATA it picks the kata
you are on: the first, in course order, that the last runs did not find done.

    python -m common.harness.hints [KATA] [--level N] [--impl katas] [--progress-file F]
"""
import argparse
import re
import sys
from dataclasses import dataclass

from common import course
from common.harness import loader, progress

HEADING = re.compile(r"^## (\d+)\. (.+?)\s*$")


@dataclass(frozen=True)
class Hint:
    level: int
    title: str
    text: str


class HintError(ValueError):
    """A kata or level that does not exist, or a hint file off the format."""


def levels(kata):
    """The hints of ``kata``, level 1 first; HintError when the file is off the format."""
    path = course.kata(kata).hints
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise HintError(f"kata {kata!r} has no hints yet ({loader.shown(path)} is missing)") from None
    return parse(text, loader.shown(path))


def parse(text, name="hints"):
    """The Hints of one hint file's ``text`` (``name`` for the error messages)."""
    lines = text.splitlines()
    starts = [(i, HEADING.match(line)) for i, line in enumerate(lines) if HEADING.match(line)]
    hints = []
    for number, (i, heading) in enumerate(starts, 1):
        if int(heading.group(1)) != number:
            raise HintError(f"{name}: '{lines[i]}' should be hint number {number}")
        end = starts[number][0] if number < len(starts) else len(lines)
        hints.append(Hint(number, heading.group(2), "\n".join(lines[i + 1:end]).strip()))
    if not hints:
        raise HintError(f"{name} has no '## 1. <title>' section")
    return hints


def choose(kata, level=None, progress_file=None):
    """The Hint to show: ``level`` if given, else the next one not yet shown."""
    hints = levels(kata)
    if level is None:
        shown = progress.hints_shown(kata, progress_file) if progress_file else 0
        level = min(shown + 1, len(hints))
    valid = ", ".join(f"{h.level} ({h.title})" for h in hints)
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise HintError(f"LEVEL must be a number; the hint levels of {kata} are {valid}") from None
    if not 1 <= level <= len(hints):
        raise HintError(f"{kata} has no hint level {level}; its levels are {valid}")
    return hints[level - 1], len(hints)


def render(kata, hint, count):
    """The text ``make hint`` prints."""
    row = course.kata(kata)
    lines = [f"Hint {hint.level} of {count} for kata {row.number}, {kata}: {hint.title}", "", hint.text, ""]
    if hint.level < count:
        lines.append(f"Still stuck? `make hint KATA={kata} LEVEL={hint.level + 1}` shows hint "
                     f"{hint.level + 1} ({levels(kata)[hint.level].title}).")
    else:
        lines.append(f"That was the last hint. The reference is {loader.shown(row.reference)}; "
                     f"`make test KATA={kata}` tells you how close you are.")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make hint", description=__doc__.split("\n\n")[0])
    parser.add_argument("kata", nargs="?", help="the kata (default: the one you are on)")
    parser.add_argument("--level", help="the hint level (default: the next one not shown)")
    parser.add_argument("--impl", default=loader.DEFAULT_IMPL)
    parser.add_argument("--progress-file", default=None)
    args = parser.parse_args(argv)
    try:
        kata = args.kata or progress.current_kata(args.impl, args.progress_file)
        course.check_name(kata)
        hint, count = choose(kata, args.level or None, args.progress_file)
    except (HintError, ValueError) as error:
        print(f"make hint: {error}", file=sys.stderr)
        return 2
    print(render(kata, hint, count))
    if args.progress_file:
        try:
            progress.record_hint(kata, hint.level, args.progress_file)
        except OSError as error:  # a read-only checkout: the hint was shown all the same
            print(f"(could not remember it in {args.progress_file}: {error.strerror})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
