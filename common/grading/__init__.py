"""Grade learners' katas: scores, results.json (Gradescope), a Markdown report
and, for a class, gradebook.csv.

    python -m common.grading --submission DIR [--out DIR]
    python -m common.grading --submissions DIR1 DIR2 ... [--out DIR]
    python -m common.grading --class-dir DIR [--out DIR]
      [--extra-tests DIR] [--jobs N] [--timeout S] [--memory-mb M] [--katas a,b]

A submission is a folder of kata modules named as in DESIGN.md
(``iterators.py``, ``conv_shapes.py``...); a missing file is that kata not
attempted. How a grade is decided:

1. The tests and their points come from the project, from a collection run in
   which no submission code runs: every test is worth ``@pytest.mark.points(n)``
   (default 1), a kata's score is the sum over its passed tests.
2. A submission's katas run in a confined child (common/grading/sandbox.py):
   only its kata modules are copied into a fresh temporary folder, with a
   time limit, a memory limit and, where the kernel has Landlock, no writes
   outside that folder. They run together, as `make test` runs them; a kata
   whose tests did not all pass there (or that a crash, a timeout or
   tampering interrupted) runs again alone, and that run is its grade.
3. The child reports through a pipe, each line signed with a key only the
   parent and the harness plugin know (common/grading/plugin.py); the plugin
   also reports any patching of pytest, the tests or the harness, which costs
   the kata all its points. Exit codes, printed summaries and results files
   written by the child are never believed.
4. Tests that did not report (the child crashed, timed out, ran out of memory
   or exited early) score 0, with the reason.

Hidden tests (``--extra-tests DIR`` holding ``test_<kata>.py`` files that use
the same fixtures) count in the score; the learner's report shows only how
many passed and their points, never their names or messages.

The package, one part per job:

- ``suites``: which tests each kata has and their points (collected with no submission code);
- ``sandbox``: one confined child process per run of some katas;
- ``plugin``: the pytest plugin inside that child, signing the evidence;
- ``runner``: runs each submission's katas (together, then alone where needed) and judges the evidence;
- ``results``: scores and statuses from the outcomes;
- ``outputs``: results.json (Gradescope), report.md, gradebook.csv;
- ``cli``: ``python -m common.grading`` / ``make grade``.
"""
