"""``make test``: the learner's loop.

- ``loader``: finds the module under test (the stub, the reference, a submission, a mutant);
- ``plugin``: the pytest plugin (fixtures, pending tests, the tally, the report at the end);
- ``status``: the one rule that makes a kata done, in progress, pending or broken;
- ``report``: the progress table and the next step.
"""
