"""Readings of a remark date in Chinese numerals that differ in one numeral (二〇二三年 /
二〇三三年) are a date in doubt, like 2023 / 2033 in digits: the page order settles them when
only one lies between the issue date and today, and two that both fit stay flagged."""

from __future__ import annotations

from scanning._agree import settle_date
from scanning._ocr import Line, Reading
from scanning._remarktext import choose

WINDOW = ("2015-01-01", "2026-12-06")


def _sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 0.99),) for c in text))


def _settled(*readings: str) -> tuple[str, str, list[str]]:
    c = choose([_sure(t) for t in readings])
    [(line, after)], notes = settle_date([(Line(c.text, 0.9, (0, 0, 300, 30)), c)], WINDOW)
    return c.about, after.doubt, notes


def test_a_numeral_read_two_ways_is_a_date_doubt_the_page_order_settles():
    about, doubt, notes = _settled("二〇二三年五月八日", "二〇三三年五月八日")
    assert about == "date"  # not a tie between two texts
    assert doubt == ""  # 2033 lies after today: only 2023 fits
    assert len(notes) == 1 and "二〇二三年五月八日" in notes[0]


def test_two_dates_that_both_fit_stay_in_doubt():
    about, doubt, notes = _settled("二〇二三年五月八日", "二〇二二年五月八日")
    assert about == "date" and doubt and notes == []


def test_dates_apart_in_more_than_one_numeral_stay_in_doubt():
    about, doubt, notes = _settled("二〇二三年三月三十日", "二〇二二年二月二十日")
    assert about == "date" and doubt and notes == []


def test_one_date_read_alike_is_no_doubt():
    c = choose([_sure("二〇二三年五月八日"), _sure("二〇二三年五月八日")])
    assert not c.doubt
