"""The kata tests' fixtures (``kata``, ``reference``, ``ctx``) and the
progress report come from the harness plugin, common/harness/plugin.py,
which pytest.ini loads for every run."""
