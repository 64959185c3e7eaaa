"""``make test``, ``make hint``, ``make watch``: the learner's loop.

- ``loader``: finds the module under test (the stub, the reference, a submission, a mutant);
- ``plugin``: the pytest plugin (fixtures, pending tests, the tally, the report at the end);
- ``status``: the one rule that makes a kata done, in progress, pending or broken;
- ``report``: the progress table and the next step;
- ``progress``: each kata's last complete run and the hints shown, between runs;
- ``messages``: one clean line per failure; ``quiet``: MXNet's chatter out of captured output;
- ``raises``: DID NOT RAISE names the call; ``frames``: where in a file an exception was;
- ``broken``: a module that does not import is one problem, shown once;
- ``limits``: a test that runs too long or keeps growing is stopped with a message;
- ``bounded``: ``take(it, limit, what)`` for tests that collect a learner's iterator;
- ``hints``: ``make hint``; ``watch``: ``make watch``.
"""
