"""An issue date whose only damage is the separator lost after its year (200910.10 for
2009.10.10): month and day were read as written, so the decoder's repair is no guess."""

from __future__ import annotations

from scanning._date_repair import month_day_after
from tests.scanning.test_dates_issue_date import _suggested


def test_month_and_day_after_a_year_whose_separator_was_lost() -> None:
    assert month_day_after("200910.10", "2009") == (10, 10)
    assert month_day_after("20090617", "2009") == (6, 17)  # four digits: MMDD, one split
    assert month_day_after("2009-10-10", "2009") == (10, 10)
    assert month_day_after("2009117", "2009") is None  # 1-17 or 11-7: no one split
    assert month_day_after("200810.10", "2009") is None  # another year
    assert month_day_after("200911.1", "2009") is None  # the day may have lost a digit too


def test_an_issue_date_that_lost_only_its_years_separator_is_not_flagged() -> None:
    value, found = _suggested("201510.10", "201510.10")
    assert value == "2015-10-10" and "date_suggested" not in found


def test_an_issue_date_whose_month_and_day_split_is_open_stays_flagged() -> None:
    value, found = _suggested("2015117", "2015117")
    assert "date_suggested" in found or value is None
