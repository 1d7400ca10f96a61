"""A date written in Chinese numerals whose 一 the recogniser read as a dash (二〇—一年: 一 is
one level stroke) is that date; a dash elsewhere (leaders, an Arabic date's separators) stays."""

from __future__ import annotations

from scanning._date_cn import dash_ones
from scanning._date_rules import tidy_date, whole_date
from scanning._fields import info_fields
from scanning._ocr import Reading
from tests.scanning.test_sign_date import _page


def test_a_dash_among_written_numerals_is_one() -> None:
    assert dash_ones("二〇—一年四月二十六日") == "二〇一一年四月二十六日"
    assert dash_ones("二〇——年十—月二十—日") == "二〇一一年十一月二十一日"
    assert whole_date("二〇—一年四月二十六日")


def test_leaders_and_arabic_separators_stay() -> None:
    assert dash_ones("2011-04-26") == "2011-04-26"
    assert dash_ones("期——二〇一一年四月") == "期——二〇一一年四月"
    assert dash_ones("二〇一一年四月二十六日——") == "二〇一一年四月二十六日——"


def test_the_tidied_reading_holds_one_with_its_alternative() -> None:
    text = "二〇—一年四月二十六日"
    alts = tuple(((ch, 0.9),) for ch in text)
    got = tidy_date(Reading(text, 0.9, alts))
    assert got.text == "二〇一一年四月二十六日"
    assert got.alternatives[2] == (("一", 0.9),)


def test_the_signature_block_date_with_a_dash_is_placed() -> None:
    raw = info_fields(_page("二〇—一年四月二十六日"), 0)
    assert raw["issue_date"].text == "二〇—一年四月二十六日"
