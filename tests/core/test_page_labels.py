"""core.pages: how pages name a region and a time."""

from __future__ import annotations

from datetime import UTC, datetime

from core.pages import cst, cst_date, region_label


def test_a_region_is_named_as_people_say_it() -> None:
    assert region_label("") == "全国"
    assert region_label("41") == "河南省"
    assert region_label("4101") == "河南省郑州市"
    assert region_label("99") == "99"  # unknown to the division table: the code itself


def test_times_are_china_standard_time() -> None:
    moment = datetime(2026, 12, 4, 18, 5, tzinfo=UTC)
    assert cst(moment) == "2026-12-05 02:05"
    assert cst(moment.replace(tzinfo=None)) == "2026-12-05 02:05"  # naive means UTC
    assert cst_date(moment) == "2026年12月05日" and cst(None) == ""
