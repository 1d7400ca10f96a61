"""A period end completed by the 5-year rule must agree with every part of it that was read.

Fourth generator, a scanner PDF: 2021年01月22日 至 2026年01月21日 lost a 2 of the start's day
(read 2021-01-02) and the end's month (2026年月21日). The end's digits 202621 are 2026-1-1
unpadded with one digit changed, so the end was "completed" as 2026-01-01 — a whole wrong
period, still a valid 5-year one, accepted without review. The 21 read after 月 is the day, and
it is not 1."""

from __future__ import annotations

from scanning._datescan import DateRead, fits
from scanning._period_rule import complete_period


def test_an_end_whose_read_day_contradicts_the_rule_is_not_completed():
    start = DateRead("2021年01月2日", "2021-01-02")
    end = DateRead("2026年月21日", None, "date_format")
    assert complete_period(start, end, "2020-12-16") is None


def test_an_end_that_lost_only_its_month_is_completed():
    start = DateRead("2021年01月22日", "2021-01-22")
    end = DateRead("2026年月21日", None, "date_format")
    assert complete_period(start, end, "2020-12-16") == ("2021-01-22", "2026-01-21", "valid_until")


def test_marked_parts_are_compared_part_by_part():
    assert fits("2026-08-31", "2026年08月3日")  # the day lost a digit
    assert fits("2026-08-31", "2026年8月31日")
    assert not fits("2026-01-01", "2026年月21日")  # the month lost and the day another
    assert not fits("2026-01-01", "2026年1月21日")  # a real 21st is not the 1st
