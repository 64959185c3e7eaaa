"""``python -m common.grading`` (``make grade``): grade one learner, several,
or a class folder, and write the reports."""
import argparse
import os
import sys
import time
from pathlib import Path

from common import course
from common.course import ROOT
from common.grading import outputs
from common.grading.markup import num
from common.grading.results import POINTS, load_points
from common.grading.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, grade
from common.grading.suites import GradingError


def class_folder(path, warn=None):
    """The submission folders inside a class folder (one per learner). Hidden
    folders (``.git``) and archive leftovers (``__MACOSX``) are skipped, and
    ``warn`` is told of each one skipped."""
    path = Path(path)
    if not path.is_dir():
        raise GradingError(f"{path} is not a folder")
    learners = []
    for sub in sorted(path.iterdir()):
        if not sub.is_dir():
            continue
        if sub.name.startswith(".") or sub.name == "__MACOSX":
            if warn:
                warn(f"skipped {sub}: a hidden folder or an archive's leftovers, not a learner")
            continue
        learners.append(sub)
    return learners


def kata_files(path):
    """The kata modules anywhere below ``path`` (a learner's folder), whatever
    the case of their names, shallowest first; links are not followed."""
    found = [p for p in Path(path).rglob("*.py")
             if p.stem.lower() in course.KATAS and p.is_file() and not p.is_symlink()]
    return sorted(found, key=lambda p: (len(p.relative_to(path).parts), str(p)))


def is_class_folder(path):
    """True for a folder with no kata module of its own but sub-folders that have some."""
    path = Path(path)
    own = any((path / f"{k}.py").exists() for k in course.KATAS)
    return not own and any(kata_files(sub) for sub in class_folder(path))


def misplaced(path, katas):
    """Notes for kata modules a learner put elsewhere than the top of the folder."""
    notes = []
    for kata in katas:
        if (Path(path) / f"{kata}.py").is_file():
            continue
        found = [p for p in kata_files(path) if p.stem.lower() == kata]
        if found:
            where = ", ".join(str(p.relative_to(path)) for p in found[:3])
            notes.append(f"{Path(path).name}: no {kata}.py (not attempted); found {where}: "
                         f"move it to the top of the folder")
    return notes


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m common.grading", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--submission", help="one learner's folder of kata modules")
    which.add_argument("--submissions", nargs="+", help="several learners' folders")
    which.add_argument("--class-dir", help="a folder holding one folder per learner")
    parser.add_argument("--out", help="where the reports go (default: grades/ for a class, grades/<name>/ "
                                      "for one learner; a folder holding gradebook.csv gets the "
                                      "learner's row updated)")
    parser.add_argument("--extra-tests", help="a folder of hidden test_<kata>.py files that count in the score")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="kata runs in parallel")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a test child may run (a kata cut short in a shared child runs again alone)")
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory a test child may use")
    parser.add_argument("--katas", help="grade only these katas (comma separated; default: all)")
    parser.add_argument("--points", default=str(POINTS), help="the points of each kata (TOML)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    single = bool(args.submission)
    started = time.monotonic()
    try:
        def warn(message):
            print(f"warning: {message}", file=sys.stderr)
        paths = ([args.submission] if single else args.submissions or class_folder(args.class_dir, warn))
        if not single and len(paths) == 1 and not kata_files(paths[0]):
            raise GradingError(f"{paths[0]} holds no kata module ({', '.join(course.KATAS)}.py), nor does "
                               "any folder in it: is it the class folder?")
        if not single and len(paths) == 1 and is_class_folder(paths[0]):
            paths = class_folder(paths[0], warn)  # SUBMISSIONS=a folder of folders
        if not paths:
            raise GradingError("no submissions to grade")
        katas = [course.check_name(k) for k in args.katas.split(",")] if args.katas else course.available()
        for path in paths:
            for note in misplaced(path, katas):
                warn(note)
        points = load_points(args.points)
        grades = grade(paths, katas=katas, extra_tests=args.extra_tests, jobs=args.jobs, timeout=args.timeout,
                       memory_mb=args.memory_mb, progress=not args.no_progress, points=points)
        for g, path in zip(grades, paths):
            g["notes"] += misplaced(path, katas)
    except (GradingError, ValueError) as exc:
        print(f"grading: {exc}", file=sys.stderr)
        return 2
    default = ROOT / "grades" / grades[0]["submission"] if single else ROOT / "grades"
    out = Path(args.out) if args.out else default
    if single and (out / "gradebook.csv").is_file():
        single = False  # regrading one learner of a class: their folder and row, the others kept
    outputs.write(grades, out, single=single)
    for g in grades:
        print(f"{g['submission']}: {num(g['score'])} / {num(g['max_score'])}"
              + "".join(f"\n  {k}: {kata['status']}, {num(kata['score'])} / "
                        f"{num(kata['max_score'])}" + (f" ({kata['problem']})" if kata["problem"] else "")
                        for k, kata in g["katas"].items()))
    print(f"reports: {out}" + (f" (gradebook: {out / 'gradebook.csv'})" if not single else ""))
    print(f"graded {len(grades)} submission(s) in {time.monotonic() - started:.0f} s "
          f"({sum(g['cpu_time'] for g in grades):.0f} s of CPU in the kata runs, "
          f"{os.cpu_count()} cores, {args.jobs or os.cpu_count()} jobs)")
    notes = {n for g in grades for n in g["notes"]}
    for note in sorted(notes):
        print(f"warning: {note}", file=sys.stderr)
    errors = [f"{g['submission']}: {e}" for g in grades for e in g["grader_errors"]]
    if errors:
        print("grading: the grader itself failed for some katas (they score 0 and are marked "
              "'grader error' in the reports):\n  " + "\n  ".join(errors), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
