"""A subject read after a form's leader, and a university major longer than eight characters
(``scanning._rulesets``: the subject's tidy and its free-text length)."""

from __future__ import annotations

from scanning import _vocab
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, codes, flagged, run


def sure(text: str, score: float = 0.99) -> Reading:
    return Reading(text, score, tuple(((ch, 1.0),) for ch in text))


def test_leader_dash_before_a_listed_major_is_no_part_of_it():
    # Read three times as "-电气工程及其自动化" after a dotted/dashed leader: the entry itself.
    assert "电气工程及其自动化" in _vocab.SUBJECTS
    out = run(subject=[sure("-电气工程及其自动化"), sure("-电气工程及其自动化", 0.97)])
    assert accepted(out["subject"], "电气工程及其自动化")
    assert "subject_format" not in codes(out["subject"])


def test_leaders_after_a_subject_are_cut_too():
    out = run(subject=[sure("……数学与应用数学……"), sure("数学与应用数学", 0.97)])
    assert accepted(out["subject"], "数学与应用数学")


def test_unlisted_major_of_ten_characters_is_free_text_confirmed_by_two_readings():
    major = "农业电气化与自动化工程"
    assert major not in _vocab.SUBJECTS and len(major) > 8
    out = run(subject=[sure(major), sure(major, 0.97)])
    assert out["subject"].value == major
    assert "subject_format" not in codes(out["subject"])


def test_subject_with_a_latin_letter_stays_flagged():
    out = run(subject=[sure("电气工程A自动化"), sure("电气工程A自动化", 0.97)])
    assert flagged(out["subject"])


def test_common_majors_holding_a_shorter_entry_are_listed():
    # 思想政治教育 holds 思想政治 and 政治: unlisted, it was taken for 思想政治 with strays.
    for subject in ("思想政治教育", "生物学", "历史与社会"):
        assert subject in _vocab.SUBJECTS
        assert accepted(run(subject=subject)["subject"], subject)
