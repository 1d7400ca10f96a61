"""A decision date whose 年 was read as a digit or lost (2024405月15日 for 2024年05月15日, fourth
generator s30 0021_phone) is settled by the registration rules where they leave one reading."""

from __future__ import annotations

from datetime import date

import pytest

from scanning._decision_date import year_marker_readings
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group

TODAY = date(2026, 12, 7)
QUALIFIED = ["注册结论：合格", "有效期：2024年06月22日至2029年06月21日", "注册机关：宁德市教育局",
             "注册日期：2024405月15日"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("2024405月15日", ("2024-05-15",)),  # 4 in 年's place
        ("202410月5日", ("2024-10-05",)),  # 年 lost (2024 1 0 is no month)
        ("202411月5日", ("2024-01-05", "2024-11-05")),  # 年 lost or read as 1: both
        ("2024年05月15日", ()),  # 年 read: not this rule's
        ("20244051月15日", ()),  # two digits more than a year and a month
        ("2024.05.15", ()),
    ],
)
def test_the_readings_of_a_date_without_its_year_marker(text, readings):
    assert year_marker_readings(text) == readings


def _decoded(rows: list[str], around: tuple[str | None, str | None]) -> tuple[dict, list]:
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 620, 222 + 30 * k)) for k, t in enumerate(rows)]
    ((entry, found, _),) = [decode_sticker(s, i, TODAY, page=3, around=around)
                            for i, s in enumerate(group(lines))]  # fmt: skip
    return entry, found


def test_the_period_and_the_entry_above_settle_a_date_without_its_year_marker():
    entry, found = _decoded(QUALIFIED, ("2023-05-06", None))
    assert entry["date"] == "2024-05-15"
    assert not [f for f in found if f.blocking]
    assert [f.code for f in found if f.field.endswith(".date")] == ["corrected_date"]


def test_a_reading_the_rules_rule_out_stays_flagged():
    entry, found = _decoded(QUALIFIED, ("2024-06-01", None))  # the entry above decided later
    assert entry["date"] is None
    assert any(f.code == "date_format" and f.blocking for f in found)
