"""``make check``: is the course itself right?

- ``stubcheck``: the course table and the files agree, stubs only teach, APIs match;
- ``mutants``: every known-wrong variant in tests/mutants/ is caught by its kata's tests.
"""
