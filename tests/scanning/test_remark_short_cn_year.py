"""A Chinese-numeral remark date whose year lost its head (一一年三月八日 for 二〇一一年三月八日):
the one real date the lost numerals put back make is suggested, for a person to confirm."""

from __future__ import annotations

from datetime import datetime

import pytest

from core import clock
from scanning._datescan import read_date as parse
from scanning._entry_read import read_date
from scanning._remark_dates import suggest_cn


@pytest.fixture(autouse=True)
def _frozen():
    clock.freeze(datetime(2026, 12, 1, 12, 0))
    yield
    clock.freeze(None)


def test_a_year_that_lost_two_numerals_is_suggested_when_one_date_fits():
    assert suggest_cn("一一年三月八日") == "2011-03-08"  # only 二〇一一 holds 一一 (1993–today)
    when, [finding] = read_date(parse("一一年三月八日"), "annotations[0].date", "备注日期")
    assert when == "2011-03-08"
    assert (finding.code, finding.severity) == ("date_suggested", "warning")


def test_a_short_year_several_dates_fit_is_not_guessed():
    assert suggest_cn("二二年三月八日") is None  # 2002, 2012, 2020, 2021, 2022 …
    assert suggest_cn("一五年五月五日") is None  # 1995 or 2015
    assert suggest_cn("二二五年五月七日") == "2025-05-07"  # one lost: as before
