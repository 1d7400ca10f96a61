"""Information-page fields the reader used to lose (session 15): a date joined with words
before it (unit cases on the readings, no OCR run)."""

from __future__ import annotations

from scanning._info import date_tail
from scanning._ocr import Reading


def _reading(text: str) -> Reading:
    return Reading(text, 0.9, tuple(((ch, 0.9),) for ch in text))


def test_a_date_joined_with_seal_words_before_it_keeps_the_date():
    # fin-fourth 0035: the seal's 教师资格… joined the signature block's date.
    got = date_tail(_reading("数师资格二〇二四年二月十日"))
    assert got.text == "二〇二四年二月十日"
    assert [a[0][0] for a in got.alternatives] == list(got.text)


def test_a_date_is_never_cut_where_the_words_before_it_hold_a_digit_or_numeral():
    for text in ("12019年5月3日", "O2019年5月3日", "2019年5月3日", "出生年月1971年5月"):
        assert date_tail(_reading(text)).text == text
