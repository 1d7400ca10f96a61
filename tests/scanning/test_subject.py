"""The subject against its list, with a margin (``scanning._subject``): hand-built readings
with the engine's alternatives, decoded with the rest of a clean record."""

from __future__ import annotations

from scanning import _vocab
from scanning._ocr import Reading
from scanning._subject import neighbour_doubt, neighbours
from tests.scanning.test_decode import accepted, alts, codes, flagged, run


def sure(text: str, score: float = 0.99) -> Reading:
    """A reading the engine was sure of, character by character."""
    return Reading(text, score, tuple(((ch, 1.0),) for ch in text))


def test_unlisted_subject_read_surely_is_kept_not_snapped():
    # 史学 is one character from 化学, 数学, 科学 …, but every reading read 史 for sure: the
    # print says an unlisted subject, and two sure readings confirm it.
    assert "史学" not in _vocab.SUBJECTS
    out = run(subject=[sure("史学"), sure("史学", 0.97)])
    assert accepted(out["subject"], "史学")


def test_unlisted_subject_read_once_is_still_confirmed_by_two_readings():
    out = run(subject=[sure("史学"), alts("史学", {0: (("史", 0.6), ("吏", 0.4))})])
    assert out["subject"].value == "史学" and flagged(out["subject"])


def test_listed_entry_far_from_every_other_is_proven_despite_a_doubted_character():
    # The engine gave 动 a quarter at 幼; no subject is one character from 幼儿园.
    doubted = alts("幼儿园", {0: (("幼", 0.53), ("动", 0.25)), 1: (("儿", 0.87), ("八", 0.05))})
    out = run(subject=[doubted, alts("幼儿园", {0: (("幼", 0.96),)}, 0.99)])
    assert accepted(out["subject"], "幼儿园")


def test_university_discipline_is_listed():
    for subject in ("会计学", "法学", "土木工程", "汉语言文学", "美容美发"):
        assert subject in _vocab.SUBJECTS
        assert accepted(run(subject=subject)["subject"], subject)


def test_entry_whose_neighbour_the_engine_offered_needs_two_sure_readings():
    # 化学 and 数学 differ in one character; one reading gave 数 a tenth there, and the other
    # reading alone cannot confirm it.
    doubted = alts("化学", {0: (("化", 0.9), ("数", 0.1))})
    assert neighbour_doubt([doubted], "化学") >= 0.1
    out = run(subject=[doubted, sure("化学")])
    assert out["subject"].value == "化学" and flagged(out["subject"])


def test_entry_with_neighbours_read_surely_is_proven():
    assert neighbours("物理") == {"地理", "护理"}
    out = run(subject=[sure("物理"), sure("物理", 0.97)])
    assert accepted(out["subject"], "物理")


def test_snap_the_readings_mostly_doubt_is_flagged():
    # 地理学 (unlisted) read with 物 at 30 %: 物理学 is listed, but most of the likelihood
    # is on the read itself; a correction to it would be a guess.
    read = alts("地理学", {0: (("地", 0.7), ("物", 0.3))})
    out = run(subject=[read, alts("地理学", {0: (("地", 0.7), ("物", 0.3))}, 0.94)])
    v = out["subject"]
    assert flagged(v) and "unconfirmed" in codes(v)
    assert any(f.evidence.get("rule") == "任教学科词表" for f in v.findings)


def test_unlisted_subject_after_the_type_is_found_by_shape():
    # Labels unread: a subject outside the list is the one short line after the type.
    from tests.scanning.test_shape_fields import VALUES, _texts

    texts = ["考古学" if t == "西班牙语" else t for t in VALUES]
    assert "考古学" not in _vocab.SUBJECTS
    assert _texts(texts)["subject"] == "考古学"


def test_two_unlisted_lines_after_the_type_are_not_guessed_between():
    from tests.scanning.test_shape_fields import VALUES, _texts

    at = VALUES.index("西班牙语")
    texts = [*VALUES[:at], "考古学", "博物馆学", *VALUES[at + 1:]]
    assert "subject" not in _texts(texts)
