"""Subjects read with their label's qualifier before them (``_rulesets`` label heads,
``_subject``)."""

from __future__ import annotations

from scanning import _rulesets as rs
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, codes, flagged, run


def sure(text: str, score: float = 0.99) -> Reading:
    return Reading(text, score, tuple(((ch, 1.0),) for ch in text))


def test_a_bracket_and_the_first_character_of_the_label_s_word_before_a_listed_subject_are_cut():
    # 任教学科（专业）: "(专" read before 音乐, the word's 业 and its bracket lost.
    out = run(subject=[sure("(专音乐", 0.95), sure("(专音乐"), sure("(专音乐", 0.98)])
    assert accepted(out["subject"], "音乐")
    assert "subject_format" not in codes(out["subject"])


def test_the_cut_head_lets_every_reading_speak_for_the_listed_subject():
    out = run(subject=[sure("(专业思想品德", 0.96), sure("(专思想品德"), sure("(专思想品德", 0.98)])
    assert accepted(out["subject"], "思想品德")


def test_a_partial_label_word_is_cut_only_before_a_listed_subject():
    assert rs.label_head("subject", "(学前教育") == ""  # 前教育 is no subject: 学 is the value's
    assert rs.label_head("subject", "(专音乐") == "(专"
    assert rs.label_head("subject", "(专业余音乐") == "(专业"  # a whole word: cut as before


def test_leaders_between_the_label_s_qualifier_and_the_value_are_part_of_the_head():
    assert rs.label_head("subject", "(类别.语") == "(类别."
    assert rs.label_head("subject", "(类别)……英语") == "(类别)……"


def _alts(text: str, extra: dict[int, tuple[str, float]]) -> Reading:
    alts = tuple(((ch, 0.9), *((extra[i],) if i in extra else ())) for i, ch in enumerate(text))
    return Reading(text, 0.96, alts)


def test_a_label_read_before_a_lost_first_character_is_never_the_subject():
    # 100 dpi: （类别）read with 俄 lost under the leader's dot, the engine offering 人 for "("
    # and 俄 for "."; the first reading read 俄语. 人类别俄语 was the "uniquely determined" value.
    label = _alts("(类别.语", {0: ("人", 0.01), 3: ("俄", 0.04)})
    first = Reading("俄语", 0.86, (( ("俄", 0.47), ("我", 0.12)), (("语", 0.97),)))
    out = run(subject=[first, label, label])
    assert out["subject"].value == "俄语"


def test_a_free_subject_holding_a_label_word_is_flagged():
    out = run(subject=[sure("人类别俄语"), sure("人类别俄语", 0.97)])
    assert flagged(out["subject"])
    assert "unconfirmed" in codes(out["subject"])
