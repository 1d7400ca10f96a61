"""A decision date standing alone beside a registration entry is that entry's date.

A round date stamp (日戳) or a date written under the office's seal stands right of the entry's
text; grouped by geometry those dates made a column of their own, read as one more entry
holding only a date (fourth generator 0033_gray: three entries without dates plus "?None"
2014-04-03). The lines below are that page's boxes as read.
"""

from __future__ import annotations

import pytest

from scanning import _sticker_dates
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group

_ENTRIES = [
    ("注册结论：注册合格", (74, 201, 310, 248)),
    ("有效期：2014.9.1—2019.8.31", (81, 258, 427, 297)),
    ("注册结论：合格", (74, 491, 248, 540)),
    ("有效期：2019.9.1—2024.8.31", (80, 551, 426, 586)),
    ("注册结论： 合格", (77, 781, 248, 827)),
    ("有效期: 2024.9.1—2029.8.31", (81, 844, 433, 877)),
]
_STAMPS = [
    ("2014.04.03", (545, 333, 688, 372)),
    ("2019.07.19", (541, 623, 684, 671)),
    ("2024.05.08", (541, 901, 682, 944)),
]


def _lines(rows: list[tuple[str, tuple[int, int, int, int]]]) -> list[Line]:
    return [Line(t, 0.98, box) for t, box in rows]


def _entries(lines: list[Line], notes: bool = False) -> list[tuple[dict, set[tuple[str, str]]]]:
    out = []
    for i, s in enumerate(group(lines)):
        entry, found, _ = decode_sticker(s, i)
        got = {(f.field.split(".")[-1], f.code) for f in found if f.blocking or notes}
        out.append((entry, got))
    return out


def test_date_stamps_beside_entries_are_their_decision_dates():
    got = _entries(_lines(_ENTRIES + _STAMPS))
    assert [e["date"] for e, _ in got] == ["2014-04-03", "2019-07-19", "2024-05-08"]
    assert [e["valid_from"] for e, _ in got] == ["2014-09-01", "2019-09-01", "2024-09-01"]
    assert not any(("date", "missing") in f for _, f in got)


def test_without_the_rule_the_stamps_are_an_entry_of_their_own(monkeypatch):
    monkeypatch.setattr(_sticker_dates, "attach", lambda stickers, *_: stickers)
    got = _entries(_lines(_ENTRIES + _STAMPS))
    assert len(got) == 4 and got[3][0]["conclusion"] is None  # the raw read: a "?None" entry
    assert all(e["date"] is None for e, _ in got[:3])


def test_a_handwritten_date_under_a_seal_goes_to_the_entry_without_a_period():
    rows = [("经审核，定期注册合格。", (96, 215, 359, 246)),
            ("有效期自2020年8月2日至", (95, 256, 412, 292)),
            ("2025年8月1日止。", (95, 302, 321, 336)),
            ("经审核，暂缓注册。", (93, 500, 324, 535)),
            ("2020年7月13日", (454, 354, 648, 401)),
            ("2025年4月12日", (441, 552, 651, 599))]  # fmt: skip
    got = _entries(_lines(rows))
    assert [(e["conclusion"], e["date"]) for e, _ in got] == [
        ("注册合格", "2020-07-13"), ("暂缓注册", "2025-04-12")]  # fmt: skip


@pytest.mark.parametrize(
    "entries, stamps",
    [
        # the first entry already has its own decision date: two dates fit, none is taken
        (
            [
                ("注册结论：注册合格", (74, 201, 310, 248)),
                ("有效期：2014.9.1—2019.8.31", (81, 258, 427, 297)),
                ("注册日期：2014.04.01", (81, 305, 427, 330)),
            ],
            [_STAMPS[0]],
        ),
        # the lone date is years after the period it would have granted (a later entry's
        # date, its own text unread): not this entry's decision
        (_ENTRIES[:2], [("2019.07.19", (545, 333, 688, 372))]),
    ],
)
def test_a_date_with_no_sure_home_stays_an_entry_and_is_flagged(entries, stamps):
    got = _entries(_lines(entries + stamps))
    assert len(got) == 2
    lone, found = got[1]
    assert lone["conclusion"] is None and ("conclusion", "missing") in found
    assert got[0][0]["valid_from"] == "2014-09-01"  # the entry with a period is kept whole


def test_a_misread_stamp_date_stays_flagged_while_the_others_find_their_entries():
    stamps = [_STAMPS[0], ("2009.07.19", _STAMPS[1][1]), _STAMPS[2]]  # 2019 read as 2009
    got = _entries(_lines(_ENTRIES + stamps))
    assert [e["date"] for e, _ in got[:3]] == ["2014-04-03", None, "2024-05-08"]
    assert ("date", "missing") in got[1][1]
    assert got[3][0]["conclusion"] is None and ("conclusion", "missing") in got[3][1]


# A tilted table sticker (fourth generator 0006_pages, third sticker): its 至 line began higher
# than its 自 line, so the two merged into one row out of order; the fourth sticker's 自 line
# stood apart from its 有效期 row, above 至…, beside a labelled 注册时间.
def _table(period_rows: list[tuple[str, tuple[int, int, int, int]]]) -> list[Line]:
    rows = [("注册结论 注册合格", (252, 600, 419, 634)), *period_rows,
            ("注册机关 晋中市平遥县教育局", (248, 723, 500, 757)),
            ("注册时间 2020年6月17日", (247, 773, 460, 807))]  # fmt: skip
    return _lines(rows)


def test_a_period_merged_out_of_order_is_one_period():
    got = _entries(_table([("有效期 至2025年8月31日 自2020年9月1日", (248, 643, 477, 704))]))
    assert len(got) == 1  # raw: the end went to this entry, the start began a new one
    entry, found = got[0]
    assert (entry["valid_from"], entry["valid_until"]) == ("2020-09-01", "2025-08-31")
    assert entry["date"] == "2020-06-17" and not found


def test_a_start_after_the_end_is_no_period_and_stays_flagged():
    got = _entries(_table([("有效期 至2019年8月31日 自2020年9月1日", (248, 643, 477, 704))]))
    assert all(found for _, found in got)  # the end and the start as two flagged entries


def _split(start: str) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [(start, (342, 640, 474, 670)), ("有效期 至2025年8月31日", (254, 675, 483, 704))]


def test_a_lone_start_beside_a_labelled_decision_date_begins_the_period():
    rows = _split("自2020年9月1日")
    ((entry, found),) = _entries(_table(rows), notes=True)  # raw: the start made up, noted
    assert (entry["valid_from"], entry["valid_until"]) == ("2020-09-01", "2025-08-31")
    assert entry["date"] == "2020-06-17" and not found


def test_a_lone_date_that_fits_no_period_is_not_taken_for_its_start():
    ((entry, _),) = _entries(_table(_split("自2020年9月7日")))
    assert entry["valid_from"] != "2020-09-07"  # the end's 5-year start, with a note instead


# A handwritten entry dated at the far right of its box, under the office's seal (fifth
# generator 0001_scan, hand_stamp): the dates stood further right of the short conclusions
# than WIDE line heights, made an entry of their own and left two entries without a date.
_FAR = [("暂缓注册", (101, 190, 216, 225)), ("2019.05.18", (579, 234, 713, 262)),
        ("合格", (100, 404, 165, 444)), ("2020-09-01 至 2025-08-31", (101, 449, 442, 480)),
        ("2020.04.14", (566, 488, 713, 519)), ("暂缓注册", (99, 621, 217, 660)),
        ("2025年7月7日", (539, 663, 710, 694))]  # fmt: skip


def test_a_date_at_the_far_right_of_its_box_goes_to_the_one_entry_level_with_it():
    got = _entries(_lines(_FAR))
    assert [(e["conclusion"], e["date"]) for e, _ in got] == [
        ("暂缓注册", "2019-05-18"), ("注册合格", "2020-04-14"), ("暂缓注册", "2025-07-07")]
    assert not any(("date", "missing") in f for _, f in got)


def test_a_far_date_level_with_two_entries_side_by_side_stays_flagged():
    rows = [("暂缓注册", (101, 190, 216, 225)), ("不合格", (250, 190, 330, 225)),
            ("2019.05.18", (660, 234, 794, 262))]  # fmt: skip
    got = _entries(_lines(rows))
    assert [e["date"] for e, _ in got[:2]] == [None, None]
    assert got[-1][0]["conclusion"] is None and ("conclusion", "missing") in got[-1][1]


# The far reach holds only inside the entry's printed box when the page's boxes are known: a
# date past the box's right side is no part of the entry (another column's, or a stray).
_BOXES = [(60, 170, 760, 370), (60, 390, 760, 590), (60, 610, 760, 810)]


def _grouped(rows, boxes):
    out = []
    for i, s in enumerate(group(_lines(rows), boxes)):
        entry, found, _ = decode_sticker(s, i)
        out.append((entry, {(f.field.split(".")[-1], f.code) for f in found}))
    return out


def test_a_far_date_inside_its_entry_printed_box_goes_to_it():
    got = _grouped(_FAR, _BOXES)
    assert [(e["conclusion"], e["date"]) for e, _ in got] == [
        ("暂缓注册", "2019-05-18"), ("注册合格", "2020-04-14"), ("暂缓注册", "2025-07-07")]


def test_a_far_date_outside_every_printed_box_stays_flagged():
    narrow = [(60, 170, 460, 370), (60, 390, 460, 590), (60, 610, 460, 810)]  # dates past them
    got = _grouped(_FAR, narrow)
    assert got[0][0]["date"] is None and ("date", "missing") in got[0][1]


def test_a_far_date_goes_to_its_entry_when_no_found_box_holds_either():
    # the first entry's box not found (two seals cross its sides), the others' found: its
    # date is parted from it by no box, so it goes to the one entry level with it
    found = [_BOXES[1], _BOXES[2]]
    got = _grouped(_FAR, found)
    assert [(e["conclusion"], e["date"]) for e, _ in got] == [
        ("暂缓注册", "2019-05-18"), ("注册合格", "2020-04-14"), ("暂缓注册", "2025-07-07")]


def test_a_far_date_in_a_found_box_without_its_entry_stays_flagged():
    # the date's row stands in a box found on the page, the entry's first row in none
    boxes = [(60, 170, 760, 370), (60, 390, 760, 590), (500, 640, 760, 720)]
    got = _grouped(_FAR, boxes)
    assert got[2][0]["date"] is None and ("date", "missing") in got[2][1]


def test_outlines_a_seal_cut_say_nothing_of_where_a_far_date_belongs():
    # a round seal over the first box's right side: its outline (a square round the ring)
    # holds the date, and the box it cut shows as a piece left of the ring; the two cross,
    # so neither is a printed box, and the date goes to the one entry level with it
    cut = [(364, 107, 663, 360), (60, 170, 396, 370), _BOXES[1], _BOXES[2]]
    got = _grouped(_FAR, cut)
    assert [(e["conclusion"], e["date"]) for e, _ in got] == [
        ("暂缓注册", "2019-05-18"), ("注册合格", "2020-04-14"), ("暂缓注册", "2025-07-07")]
