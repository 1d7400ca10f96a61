"""A decision date read with its month and day markers misread (2015年2日6口: 日 for 月, 口 for
日) is settled by the registration rules only where they leave one reading, counting a digit
the misread marker may have taken beside it (fifth generator, a spread scan)."""

from __future__ import annotations

from datetime import date

from scanning._decision_date import marker_readings
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group

TODAY = date(2026, 12, 5)


def _decoded(rows: list[str], around: tuple[str | None, str | None]) -> tuple[dict, list]:
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 520, 222 + 30 * k)) for k, t in enumerate(rows)]
    ((entry, found, _),) = [decode_sticker(s, i, TODAY, page=3, around=around)
                            for i, s in enumerate(group(lines))]  # fmt: skip
    return entry, found


def test_the_readings_of_a_date_with_misread_markers() -> None:
    assert marker_readings("2015年2日6口") == ("2015-02-06", "2015-02-16", "2015-02-26",
                                             "2015-12-06")
    assert marker_readings("2015年2月6日") == ()  # a date already
    assert marker_readings("2015.2.6") == () and marker_readings("206年1月1日") == ()


def test_the_period_it_grants_settles_the_date() -> None:
    rows = ["注册结论：注册合格", "有效期：2015-02-10至2020-02-09", "注册机构：渭南市教育局",
            "注册日期：2015年2日6口"]
    entry, found = _decoded(rows, (None, "2019-10-29"))
    assert entry["date"] == "2015-02-06"
    assert not [f for f in found if f.blocking]
    assert [f.evidence["readings"] for f in found if f.code == "corrected_date"] == [
        ["2015-02-06"]]


def test_a_date_the_rules_leave_open_stays_flagged() -> None:
    rows = ["注册结论：注册合格", "有效期：2015-09-01至2020-08-31", "注册机构：渭南市教育局",
            "注册日期：2015年2日6口"]  # 2015-02-06, -16 and -26 all grant that period
    entry, found = _decoded(rows, (None, None))
    assert entry["date"] is None and any(f.blocking for f in found)
