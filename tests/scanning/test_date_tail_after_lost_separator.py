"""A dotted date whose first separator the seal hid (201805.03) and whose box caught the
seal's lettering after its day (批专) is cut at its day like any dotted date, so the one date
the digits can mean is read; a letter after the day (a misread digit) still stays."""

from __future__ import annotations

from datetime import date

from scanning._date_rules import date_value, tidy_date
from scanning._ocr import Reading


def test_a_lettered_tail_after_a_date_that_lost_its_first_separator_is_cut() -> None:
    got = tidy_date(Reading("201805.03批专", 0.9))
    assert got.text == "201805.03"
    assert date_value(1993, date(2026, 1, 1))(got.text) == "2018-05-03"


def test_a_short_year_or_a_letter_after_the_day_is_left() -> None:
    assert tidy_date(Reading("20105.03专", 0.9)).text == "20105.03专"  # no month padded
    assert tidy_date(Reading("201805.0G", 0.9)).text == "201805.0G"
