"""One rule for how far ahead of its period a registration is decided (core.rules)."""

from __future__ import annotations

from datetime import date

from core.rules import DECISION_LEAD_DAYS, decided_ahead
from scanning import _period_rule, _sticker_dates
from scanning._datescan import DateRead


def test_a_decision_grants_a_period_starting_within_a_year_after_it():
    assert decided_ahead(date(2019, 8, 15), date(2019, 9, 1))
    assert decided_ahead(date(2019, 9, 1), date(2019, 9, 1))  # decided on the first day
    assert decided_ahead(date(2019, 1, 1), date(2020, 1, 1))  # a leap year's 366 days
    assert not decided_ahead(date(2019, 9, 2), date(2019, 9, 1))  # never after it begins
    assert not decided_ahead(date(2018, 3, 1), date(2019, 9, 1))  # 549 days: no longer
    assert DECISION_LEAD_DAYS == 366


def test_the_sticker_readers_judge_the_lead_by_the_one_rule():
    start = DateRead("2019.9.1", "2019-09-01")
    far = DateRead("2018.06.01", "2018-06-01")  # 457 days: accepted by the old 548-day bound
    assert not _sticker_dates._before(far, start)
    assert _sticker_dates._before(DateRead("2019.07.19", "2019-07-19"), start)
    assert not _period_rule._decided_before("2019-09-01", "2018-06-01")
    assert _period_rule._decided_before("2019-09-01", "2019-07-19")
