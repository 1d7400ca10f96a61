"""A decision date read with one mark where a digit stands (20'3年07月24日: the digit's strokes
lost under a seal) is settled by the registration rules only where they leave one reading."""

from __future__ import annotations

from datetime import date

from scanning._decision_date import mark_readings, settle
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group

TODAY = date(2026, 12, 5)
DEFERRED = ["结论：暂缓注册", "注册机关：奈曼旗教育局", "注册日期：20'3年07月24日"]


def _decoded(rows: list[str], around: tuple[str | None, str | None]) -> tuple[dict, list]:
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 520, 222 + 30 * k)) for k, t in enumerate(rows)]
    ((entry, found, _),) = [decode_sticker(s, i, TODAY, page=3, around=around)
                            for i, s in enumerate(group(lines))]  # fmt: skip
    return entry, found


def test_the_readings_of_a_date_with_a_mark_for_a_digit():
    assert mark_readings("20'3年07月24日")[:3] == ("2003-07-24", "2013-07-24", "2023-07-24")
    assert mark_readings("2023年07月24日") == ()
    assert mark_readings("2'23年07月2'日") == ()  # two marks: too little read
    assert mark_readings("2023.07.2'") == ()  # only the 年…月…日 form


def test_the_entries_around_decide_the_marked_digit():
    entry, found = _decoded(DEFERRED, ("2018-07-13", "2024-07-30"))
    assert entry["date"] == "2023-07-24"
    assert not [f for f in found if f.blocking]
    note = [f for f in found if f.code == "corrected_date"]
    assert note and note[0].evidence["readings"] == ["2023-07-24"]


def test_a_marked_digit_the_rules_leave_open_stays_flagged():
    entry, found = _decoded(DEFERRED, ("2001-07-13", "2024-07-30"))  # 2003, 2013 and 2023
    assert entry["date"] is None
    assert any(f.code == "date_format" and f.blocking for f in found)
    assert settle("20'3年07月24日", None, None, (None, None), "2026-12-05")[0] is None
