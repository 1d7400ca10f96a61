"""Sticker lines the first reading broke, read again from the page as scanned (issue 12,
session 10). OCR is faked: each re-read box 'reads' the given views. The broken readings are
the ones seen on kept bench runs (seeds 602214, 707070)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _sticker_reread, _widen
from scanning._ocr import Line, Reading
from scanning._stickers import group

PAGE = np.full((1100, 800, 3), 250, np.uint8)


def sticker(valid: str, authority: str = "注册机关：三亚市崖州区教育局") -> list[Line]:
    return [
        Line("注册结果:注册合格", 1.0, (58, 771, 312, 819)),
        Line(valid, 0.96, (63, 808, 592, 861)),
        Line(authority, 0.96, (61, 857, 448, 905)),
        Line("日期：2021年7月14日", 1.0, (63, 904, 333, 948)),
    ]


def views(
    monkeypatch: pytest.MonkeyPatch, texts: list[str], wider: list[str] | None = None
) -> list[tuple[int, ...]]:
    """The line's own box reads ``texts`` (one view each), the wider box ``wider`` (the
    same when not given)."""
    seen: list[tuple[int, ...]] = []

    def readings(pieces, red=True):
        seen.extend(box for _, box in pieces)
        per = [texts, wider or texts] * len(pieces)
        return [[Reading(t, 0.97) for t in per[k]] for k in range(len(pieces))]

    monkeypatch.setattr(_ocr, "readings", readings)
    return seen


def read(lines: list[Line]) -> list[tuple[str | None, ...]]:
    return [
        (
            s.start.value if s.start else None,
            s.end.value if s.end else None,
            s.authority.text if s.authority else None,
        )
        for s in group(lines)
    ]


BROKEN = "有效期限：2021年09月01台至200年08月31日"  # a seal over 2026 (0021_IMG.pdf)


def test_a_period_end_broken_under_a_seal_is_read_again_from_the_page(monkeypatch):
    seen = views(monkeypatch, ["有效期限：2021年09月01日至 2026年08月31日",
                               "有效期限：2021年09月0日至2026年08月31日"])  # fmt: skip
    lines = _widen.complete(PAGE, sticker(BROKEN))
    assert read(lines) == [("2021-09-01", "2026-08-31", "三亚市崖州区教育局")]
    assert seen == [(63, 808, 592, 861), (63, 808, 645, 861)]  # its box, and a height wider


def test_a_grid_cell_whose_connector_and_end_a_seal_broke_is_read_again(monkeypatch):
    views(monkeypatch, ["2018-09-01至2023-08-31"] * 2)
    cell = Line("2018-09-012123308-51", 0.89, (268, 286, 582, 320))
    assert _sticker_reread.mend(PAGE, [cell])[0].text == "2018-09-01至2023-08-31"


@pytest.mark.parametrize(
    "again",
    [
        # two views, two different real ends: nothing settles which
        ["有效期限：2021年09月01日至2026年08月31日", "有效期限：2021年09月01日至2026年08月30日"],
        # the start changed: not the line the page read
        ["有效期限：2021年09月07日至2026年09月06日"] * 2,
        # a whole period, but not a 5-year one
        ["有效期限：2021年09月01日至2025年08月31日"] * 2,
        # another label: another line
        ["日期：2021年09月01日至2026年08月31日"] * 2,
    ],
)
def test_views_that_disagree_or_break_the_rule_leave_the_end_unread(monkeypatch, again):
    views(monkeypatch, again)
    lines = _widen.complete(PAGE, sticker(BROKEN))
    assert read(lines) == [("2021-09-01", None, "三亚市崖州区教育局")]


def test_a_period_only_one_view_reads_whole_stays_unread(monkeypatch):
    views(monkeypatch, ["有效期限：2021年09月01日至2026年08月31日", BROKEN], [BROKEN] * 2)
    lines = _widen.complete(PAGE, sticker(BROKEN))
    assert read(lines) == [("2021-09-01", None, "三亚市崖州区教育局")]


def test_a_misread_authority_is_read_again_when_two_views_name_a_known_one(monkeypatch):
    views(monkeypatch, ["注册机关：三亚市崖州区教育局", "注册机关：三亚市崖州区教育构"])
    lines = sticker("有效期限：2021年09月01日至2026年08月31日", "注册机关：三亚市崖州区数有局")
    assert read(_sticker_reread.mend(PAGE, lines))[0][2] == "三亚市崖州区教育局"


@pytest.mark.parametrize(
    "again",
    [
        ["注册机关：三亚市崖州区教育局", "注册机关：三亚市吉阳区教育局"],  # two known names
        ["注册机关：三亚市崖州区教育局", "注册机关：三亚市崖州区数有局"],  # one view only
    ],
)
def test_an_authority_the_views_do_not_agree_on_stays_as_read(monkeypatch, again):
    views(monkeypatch, again, ["注册机关：三亚市崖州区数有局"] * 2)
    lines = sticker("有效期限：2021年09月01日至2026年08月31日", "注册机关：三亚市崖州区数有局")
    assert read(_sticker_reread.mend(PAGE, lines))[0][2] == "三亚市崖州区数有局"


def test_lines_read_whole_are_not_read_again(monkeypatch):
    seen = views(monkeypatch, ["x"])
    lines = sticker("有效期限：2021年09月01日至2026年08月31日")
    assert _sticker_reread.mend(PAGE, lines) == lines
    assert seen == []


def test_a_stray_mark_beside_the_connector_keeps_one_sticker():
    # 日 before 至 read as 台: the two ends used to make two stickers, one of them an extra
    # entry with no conclusion (0021_IMG.pdf).
    got = read(sticker(BROKEN))
    assert got == [("2021-09-01", None, "三亚市崖州区教育局")]


def test_a_period_end_cut_after_its_year_is_widened(monkeypatch):
    # 0024_scan.pdf: the detector's box stopped at 至2026年 beside a grey seal.
    views(monkeypatch, ["有效期限：2021年9月1日至2026年8月31日"] * 2)
    cut = Line("有效期限：2021年9月1日至2026年", 1.0, (121, 733, 475, 780))
    assert _widen.cut_short(cut.text)
    assert read(_widen.complete(PAGE, [cut]))[0][:2] == ("2021-09-01", "2026-08-31")


SPLIT = [
    Line("合格", 1.0, (128, 280, 187, 319)),
    Line("有效期：2017年09月日", 1.0, (127, 311, 412, 355)),
    Line("至2022年08月3日", 1.0, (178, 352, 388, 390)),  # a real date, but misread (31)
    Line("注册部门：牡丹江市西安区教育局", 1.0, (129, 387, 504, 431)),
    Line("注册日期：2017年07月26日", 1.0, (129, 427, 440, 470)),
]


def split_views(monkeypatch: pytest.MonkeyPatch, start: list[str], end: list[str]) -> None:
    def readings(pieces, red=True):
        by_top = {311: start, 352: end}
        return [[Reading(t, 0.97) for t in by_top[box[1]]] for _, box in pieces]

    monkeypatch.setattr(_ocr, "readings", readings)


def test_a_period_split_over_two_lines_is_read_again_as_a_pair(monkeypatch):
    # 0003 of seed 919191: the start lost its day, the end a digit of its day (2022-08-03).
    split_views(monkeypatch, ["有效期：2017年09月01日"] * 2, ["至2022年08月31日"] * 2)
    assert read(_sticker_reread.mend(PAGE, SPLIT))[0][:2] == ("2017-09-01", "2022-08-31")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (["有效期：2017年09月01日"] * 2, ["至2022年08月30日"] * 2),  # no 5-year period
        (["有效期：2017年09月01日"] * 2, ["至2022年08月31日", "至2022年08月3日"]),  # one view
        (["有效期：2017年09月01日", "有效期：2017年09月07日"], ["至2022年08月31日"] * 2),
    ],
)
def test_a_split_period_the_views_do_not_make_whole_stays_as_read(monkeypatch, start, end):
    split_views(monkeypatch, start, end)
    assert read(_sticker_reread.mend(PAGE, SPLIT))[0][:2] == (None, "2022-08-03")


def test_views_that_differ_only_in_the_colon_agree(monkeypatch):
    # 0014 of seed 919191: 局 lost from the first reading; the views read it, one with ":".
    views(monkeypatch, ["注册机关：徽州区教育局", "注册机关:徽州区教育局"])
    lines = sticker("有效期限：2021年09月01日至2026年08月31日", "注册机关：徽州区教育")
    assert read(_sticker_reread.mend(PAGE, lines))[0][2] == "徽州区教育局"
