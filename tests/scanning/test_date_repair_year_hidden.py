"""An issue date whose year a grey seal's ring hid or broke (03.03, 20803.03 for 2007.03.03,
07.11 beside 2008371 for 2008.07.11): the month and day read whole after it, put after the
certificate number's year, are the suggestion — shown, always flagged for review."""

from __future__ import annotations

from datetime import date

from scanning._date_repair import dates_of, suggestion
from tests.scanning.test_dates_issue_date import _suggested

TODAY = date(2026, 12, 1)


def test_month_and_day_read_whole_take_the_number_s_year() -> None:
    texts = ["03.03", "20803.03", "20803.03", "20003.03"]
    assert suggestion(texts, TODAY, "2007") == "2007-03-03"


def test_a_reading_without_separators_leaves_it_to_the_month_and_day() -> None:
    assert suggestion(["2008371", "2008371", "07.11", "07.11"], TODAY, "2008") == "2008-07-11"


def test_without_the_number_s_year_nothing_is_suggested() -> None:
    assert suggestion(["03.03", "20803.03"], TODAY, None) is None


def test_a_whole_other_year_or_a_one_digit_group_is_no_hidden_year() -> None:
    # 2006.03.03 is read whole (its year disagrees with the number's: not repaired away);
    # 2015-18 and 20155-18 hold no month of two digits: a digit was lost, which one is unknown.
    for text, year in (("2006.03.03", "2007"), ("2015-18", "2015"), ("20155-18", "2015")):
        assert dates_of(text, TODAY, year) == set()


def test_the_suggestion_is_flagged() -> None:
    value, found = _suggested("03.03", "20803.03", "20003.03")  # the number's year is 2015
    assert value == "2015-03-03" and "date_suggested" in found
