"""A dotted issue date whose dot was read as a comma (2019.12,16) still has the seal's
lettering read after it cut, so its readings decide the date (wide 0035_IMG: all three
readings ran on into 认定专用章 and two read a comma; the field was left empty)."""

from __future__ import annotations

from scanning._date_rules import cut_date_tail, tidy_date
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, run


def _cut(text: str) -> str:
    return cut_date_tail(Reading(text, 0.9)).text


def test_seal_lettering_after_a_dotted_date_with_a_comma_is_cut() -> None:
    assert _cut("2019.12,16格认定专用章") == "2019.12,16"
    assert _cut("2019，12，16认定专用章") == "2019，12，16"


def test_a_tail_that_may_hold_a_digit_is_still_kept() -> None:
    assert _cut("2019.12,1G认定专用章") == "2019.12,1G认定专用章"


def test_readings_that_ran_into_the_seal_legend_decide_the_date() -> None:
    readings = [Reading("2015.07.01认定专明话", 0.71), Reading("2015.07,01格认定专用章", 0.923),
                Reading("2015.07,01热认定专用章", 0.92)]
    out = run(issue_date=readings)
    assert accepted(out["issue_date"], "2015-07-01")


def test_a_comma_read_for_a_dot_is_a_dot() -> None:
    assert tidy_date(Reading("2019.12,16格认定专用章", 0.9)).text == "2019.12.16"
    assert tidy_date(Reading("2019，12，16", 0.9)).text == "2019.12.16"
    assert tidy_date(Reading("2019,1216", 0.9)).text == "2019,1216"  # no date as it stands
