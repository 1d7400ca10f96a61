"""A 年…月…日 date whose 月 was read as 日 (or a look-alike): the parts of a date come in the
order 年, 月, 日, so the unit between the year and the day's 日 can only be 月."""

from __future__ import annotations

from scanning._datescan import find_dates, read_date
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group


def test_a_month_read_as_ri_is_the_month_and_marked_corrected():
    got = read_date("2016年3日2日")
    assert (got.value, got.corrected) == ("2016-03-02", True)
    assert read_date("2016年03曰02日").value == "2016-03-02"
    assert [f.read.value for f in find_dates("注册日期：2016年3日2日")] == ["2016-03-02"]


def test_without_the_day_mark_nothing_says_which_unit_was_lost():
    assert read_date("2016年3日2").value is None  # 2016年3日 and a stray 2, or a month
    assert read_date("2016年3日").value is None
    assert read_date("2016年13日2日").value is None  # no month 13


def test_a_decision_date_with_its_month_read_as_ri_is_taken_with_a_note():
    rows = ["结论：注册合格", "有效期：2016.04.28-2021.04.27", "注册机关：龙山县教育局",
            "注册日期：2016年3日2日"]
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 520, 222 + 30 * k)) for k, t in enumerate(rows)]
    ((entry, found, _),) = [decode_sticker(s, i) for i, s in enumerate(group(lines))]
    assert entry["date"] == "2016-03-02"
    assert not [f for f in found if f.blocking]
    assert any(f.code == "corrected_date" for f in found)
