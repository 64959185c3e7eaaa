"""`make hint KATA=x [LEVEL=n]`: progressive hints from common/hints/<kata>.md
(common/harness/hints.py), the next level not yet shown by default."""
import pytest

from common.course import COURSE, KATAS
from common.harness import hints, progress


@pytest.mark.parametrize("kata", KATAS)
def test_every_kata_has_numbered_hint_levels(kata):
    """The format the hint files keep: '## 1. <title>', '## 2. ...', each with text."""
    levels = hints.levels(kata)
    assert len(levels) >= 2 and [h.level for h in levels] == list(range(1, len(levels) + 1))
    assert all(h.title and h.text for h in levels)


def test_parse_refuses_a_file_off_the_format():
    assert [h.title for h in hints.parse("# Hints\n\n## 1. A nudge\nlook\n\n## 2. More\nx\n")] == ["A nudge", "More"]
    with pytest.raises(hints.HintError, match="should be hint number 2"):
        hints.parse("## 1. A\nx\n## 3. C\ny\n", "common/hints/x.md")
    with pytest.raises(hints.HintError, match="no '## 1. <title>' section"):
        hints.parse("# Hints\nnothing here\n")


def test_without_a_level_each_call_shows_the_next_one(tmp_path, capsys):
    state = tmp_path / "progress.json"
    count = len(hints.levels("iterators"))
    shown = []
    for _ in range(count + 1):
        assert hints.main(["iterators", "--progress-file", str(state)]) == 0
        shown.append(capsys.readouterr().out.splitlines()[0])
    assert shown[0] == "Hint 1 of 3 for kata 1, iterators: A nudge"
    assert shown[1].startswith("Hint 2 of 3") and shown[count - 1] == shown[count]  # the last one again
    assert progress.hints_shown("iterators", state) == count


def test_an_explicit_level_is_shown_and_remembered(tmp_path, capsys):
    state = tmp_path / "progress.json"
    assert hints.main(["conv_shapes", "--level", "2", "--progress-file", str(state)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Hint 2 of 3 for kata 2, conv_shapes: The method")
    assert "`make hint KATA=conv_shapes LEVEL=3` shows hint 3 (The API calls)" in out
    assert progress.hints_shown("conv_shapes", state) == 2


def test_unknown_katas_and_levels_list_the_valid_ones(capsys):
    assert hints.main(["iterators", "--level", "7"]) == 2
    assert capsys.readouterr().err.strip() == (
        "make hint: iterators has no hint level 7; its levels are 1 (A nudge), 2 (The method), 3 (The API calls)")
    assert hints.main(["nope"]) == 2
    assert f"the katas, in course order, are: {', '.join(KATAS)}" in capsys.readouterr().err


def test_without_a_kata_the_hint_is_for_the_kata_you_are_on(tmp_path, capsys):
    state = tmp_path / "progress.json"
    progress.record_runs({"iterators": {"status": "done", "passed": 3, "total": 3}}, "katas", state)
    assert hints.main(["--progress-file", str(state)]) == 0
    assert capsys.readouterr().out.startswith(f"Hint 1 of 3 for kata 2, {COURSE[1].name}")
