"""A registration entry's second reading matched to its first by position (issue 12, s16).

The second reading reads the first reading's boxes again. Regrouped afresh, its rows split (a
conclusion row apart from the period below it) or lost the decision date to a garbled period
row, and a right entry was flagged "第二次识别未能读出同一条目" or "two readings differ". A
stamp first read in the green channel whose red view is blocky (a JPEG's colour at half
resolution) read nothing at all there: it is read once more in the green channel at another
scale, which must agree.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import numpy as np
import pytest

from scanning import _stamps, _stickers
from scanning._ocr import Box, Line
from scanning._sections import decode_sticker

FIRST = ("审核结论：注册合格", "注册有效期：2015/12/14-2020/12/13", "注册机构：吴忠市同心县教育局",
         "2015年12月13日")  # fmt: skip


def _again() -> ModuleType:
    return importlib.import_module("scanning._sticker_again")  # new in session 16


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 0.99, (200, 200 + 30 * k, 480, 222 + 30 * k)) for k, t in enumerate(texts)]


def _entry(lines: list[Line]) -> tuple[_stickers.Sticker, dict]:
    (s,) = _stickers.group(lines)
    return s, decode_sticker(s, 0)[0]


def test_rows_of_one_entry_split_by_regrouping_are_one_sticker_again():
    # the second reading read nothing on the period's second line: the white space left
    # split the rows in two (the conclusion and period start / the authority and date)
    again = [Line(t, 0.99, (200, 200 + 40 * k, 480, 222 + 40 * k)) for k, t in enumerate(
        ("注册结论：注册合格", "有效期限：2025.01.16", "", "注册机构：山西省临汾市尧都区教育局",
         "2025.01.15"))]  # fmt: skip
    assert len(_stickers.group(again)) == 2  # the raw regrouping: two "entries"
    s = _again().one(again)
    assert s is not None and s.conclusion is not None and s.date is not None
    assert s.start is not None and s.authority is not None


def test_rows_saying_two_entries_things_are_not_one_sticker():
    again = _lines("注册结论：注册合格", "2015年12月13日", "", "注册结论：暂缓注册", "2016年1月3日")
    assert _again().one(again) is None
    assert _again().one(_lines("无", "--")) is None


def test_a_decision_date_the_regrouping_lost_is_kept_when_its_row_reads_it_again():
    s, entry = _entry(_lines(*FIRST))
    again = _lines(FIRST[0], "注册有效票：201512/14:202/12/13", *FIRST[2:])
    other = decode_sticker(_again().one(again), 0)[0]  # type: ignore[arg-type]
    assert other["date"] is None  # the raw second reading lost it to the garbled period
    assert _again().kept_date(s, again, entry, other)["date"] == "2015-12-13"  # type: ignore[index]


def test_a_decision_date_read_otherwise_on_its_row_stays_a_rival():
    s, entry = _entry(_lines(*FIRST))
    again = _lines(FIRST[0], "注册有效票：201512/14:202/12/13", FIRST[2], "2015年12月18日")
    other = {**entry, "date": None}
    assert _again().kept_date(s, again, entry, other) == other


# -- a stamp whose red view reads nothing of the green channel's rows --------------------------

ROWS = ("教师资格定期注册", "注册结论：注册合格", "注册有效期：2014年9月20日至2019年9月19日",
        "注册机构：林芝市教育局", "2014年09月10日")  # fmt: skip
IMG = np.full((600, 800, 3), 240, np.uint8)


def _stamp(monkeypatch: pytest.MonkeyPatch, green_again: tuple[str, ...]) -> set[tuple[str, str]]:
    lines = _lines(*ROWS)
    greens = frozenset(ln.box for ln in lines)  # first read in the green channel

    def second(ink: object, rows: list[Line], views: frozenset[Box] = frozenset()) -> list[Line]:
        garbage = ["388 70", "主重有214年98249年0日", "注册苏析：", "2", " "]
        texts = dict(zip((ln.box for ln in lines), garbage if views else green_again, strict=True))
        return [Line(texts[ln.box], ln.score, ln.box) for ln in rows]

    monkeypatch.setattr(_stamps, "_second", second)
    (s,) = _stickers.group(lines)
    _, found, _ = _stamps._decoded(s, IMG, 0, decode_sticker, greens=greens)
    return {(f.code, f.field) for f in found if f.blocking}


def test_a_stamp_the_blocky_red_view_cannot_read_is_checked_in_the_green_channel(monkeypatch):
    # Raw: "第二次识别未能读出同一条目" on a stamp read right.
    assert _stamp(monkeypatch, ROWS) == set()


def test_a_green_rereading_with_another_period_is_still_flagged(monkeypatch):
    other = (*ROWS[:2], "注册有效期：2014年9月26日至2019年9月25日", *ROWS[3:])
    assert ("ocr_disagreement", "registrations[0].valid_from") in _stamp(monkeypatch, other)
