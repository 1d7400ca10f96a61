"""An issue date the decoder left empty, whose readings leave two dates: the one a reading
writes out as read (201511-10: only the separator after the year lost) is suggested, not the
one that needs that separator misread as a digit (2015-1-10); still flagged for review."""

from __future__ import annotations

from datetime import date

from scanning._date_repair import suggestion
from tests.scanning.test_dates_issue_date import _suggested

TODAY = date(2026, 12, 1)


def test_the_date_a_reading_writes_out_as_read_is_the_suggestion() -> None:
    texts = ["2015-10", "201-11-101", "201511-10", "201511-10"]
    assert suggestion(texts, TODAY, "2015") == "2015-11-10"


def test_no_suggestion_when_readings_write_two_dates_out_whole() -> None:
    assert suggestion(["2015年1月1日", "2015年11月11日"], TODAY, "2015") is None


def test_the_suggestion_is_shown_and_flagged() -> None:
    value, found = _suggested("2015-10", "201-11-101", "201511-10", "201511-10")
    assert value == "2015-11-10" and "date_suggested" in found
