"""A remark that holds a known phrase with one character lost, read alike by every reading
(以换发 for 予以换发), is flagged; whole phrases and other texts are not (no OCR run)."""

from __future__ import annotations

from datetime import date

import pytest

from scanning._ocr import Line
from scanning._remark_doubt import broken_phrase, lost_comma, past_closing
from scanning._remarks import entries
from scanning._sections import decode_remark

TODAY = date(2026, 12, 1)
ISSUED = "2012-07-01"
TITLE = Line("备　注", 0.96, (400, 20, 520, 60))


def _flags(text: str) -> list[tuple[str, str]]:
    lines = [TITLE, Line(text, 0.96, (60, 120, 560, 150)),
             Line("2019年5月10日", 0.96, (600, 165, 850, 195))]
    [r] = entries(lines, ISSUED)
    _, found, _ = decode_remark(r, 0, ISSUED, TODAY)
    return [(f.code, f.field) for f in found if f.blocking]


@pytest.mark.parametrize(("text", "phrase"), [
    ("姓名变更，原证书收回，以换发", "予以换发"),  # 予 lost under a seal, every reading alike
    ("经人申请，予以补发", "经本人申请"),
    ("原证书因保管慎遗失，经本人申请，予以补发", "保管不慎"),
])
def test_a_phrase_with_a_character_lost_is_named(text: str, phrase: str) -> None:
    assert broken_phrase(text) == phrase


@pytest.mark.parametrize("text", [
    "姓名变更，原证书收回，予以换发", "原证书因保管不慎遗失，经本人申请，予以补发",
    "经核实，身份证件号码已更正", "经核查信息无误", "原证书破损严重，同意换发新证",
    "证书污损，经本人申请予以换发", "出生日期更正为1990年1月1日", "本人申请，同意换发",
])
def test_whole_phrases_are_no_remnant(text: str) -> None:
    assert broken_phrase(text) is None


def test_the_entry_is_sent_to_review() -> None:
    assert _flags("姓名变更，原证书收回，以换发") == [("annotation_text", "annotations[0].text")]
    assert _flags("姓名变更，原证书收回，予以换发") == []


@pytest.mark.parametrize(("text", "rest"), [
    ("姓名变更，原证书收回，予以换发教师资格认定", "教师资格认定"),  # a red seal's lettering
    ("任教学科已更正省", "省"),
])
def test_text_run_on_after_a_closing_phrase_is_named(text: str, rest: str) -> None:
    assert past_closing(text) == rest
    assert _flags(text) == [("annotation_text", "annotations[0].text")]


@pytest.mark.parametrize("text", [
    "出生日期已更正为1990年1月1日", "姓名已更正，予以换发", "原证书破损严重，予以换发新证",
    "经核查信息无误",
])
def test_a_closing_phrase_may_be_followed_by_its_object_or_a_new_clause(text: str) -> None:
    assert past_closing(text) is None


@pytest.mark.parametrize(("text", "opener"), [
    ("姓名变更，原证书收回予以换发", "予以"),  # a hand-written comma dropped by every reading
    ("原证书因保管不慎遗失经本人申请，予以补发", "经本人申请"),
    ("原证书破损严重同意换发新证", "同意"),
])
def test_a_clause_opener_after_a_clause_without_a_comma_is_flagged(text: str, opener: str) -> None:
    assert lost_comma(text) == opener
    assert _flags(text) == [("annotation_text", "annotations[0].text")]


@pytest.mark.parametrize("text", [
    "姓名变更，原证书收回，予以换发",
    "证书污损，经本人申请予以换发",  # an adverbial 经… clause runs into the verb
    "经核查信息无误", "因姓名变更予以换发", "收回原证书，予以换发", "民族信息已更正",
    "特此予以更正",
])
def test_a_comma_read_or_not_needed_is_no_doubt(text: str) -> None:
    assert lost_comma(text) is None
    assert _flags(text) == []
