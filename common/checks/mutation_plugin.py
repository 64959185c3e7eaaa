"""pytest plugin for mutation runs: keep the katas' Hypothesis settings but skip
shrinking (a killed mutant needs one failing example, not the minimal one)."""
from hypothesis import Phase, settings


def pytest_configure(config):
    settings.register_profile(
        "mutation", settings.get_profile("katas"),
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        report_multiple_bugs=False)
    settings.load_profile("mutation")
