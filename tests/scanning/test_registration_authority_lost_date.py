"""A sticker's decision-date row hidden from the detector by a seal stamped over it is read
where the sticker's next row stands (greyscale scans: the seal cannot be filtered out).

Before, the entry had its conclusion, period and office but its date ``missing``; the row is now
read from the band below the last row when two readings agree on one date row."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr, _sticker_lost
from scanning._ocr import Line, Reading
from scanning._stickers import group
from tests.scanning._fonts import cjk_font

ROWS = [
    Line("注册合格", 1.0, (81, 79, 181, 118)),
    Line("有效期：2016年09月01日", 1.0, (81, 114, 335, 160)),
    Line("至2021年08月31日", 1.0, (122, 151, 308, 192)),
    Line("注册机关：鄞州区教育局", 1.0, (77, 183, 321, 229)),
]
DATE_ROW = "日期：2016年7月5日"


def _page(date_row: bool = True, seal_x: int = 400) -> np.ndarray:
    """A grey sticker: four rows printed, the fifth (its decision date) under a grey seal
    whose rim crosses the row at its end (``seal_x`` 340: across the day's digit)."""
    img = Image.new("L", (700, 420), 238)
    d = ImageDraw.Draw(img)
    f = cjk_font(22)
    for ln in ROWS:
        d.text((ln.box[0] + 4, ln.box[1] + 8), ln.text, font=f, fill=40)
    if date_row:
        d.text((85, 229), DATE_ROW, font=f, fill=40)
    for r in (96, 92):  # the seal's double rim, across the date row
        d.ellipse((seal_x - r, 190 - r, seal_x + r, 190 + r), outline=120, width=3)
    d.text((seal_x - 40, 110), "区教育", font=cjk_font(26), fill=120)
    return np.repeat(np.asarray(img)[..., None], 3, axis=2)


def _date(lines: list[Line]) -> str | None:
    (s,) = group(lines)
    return s.date.value if s.date else None


def test_the_date_row_under_a_seal_is_read_where_the_next_row_stands():
    assert _date(ROWS) is None  # the detector's lines: no date
    assert _date(_sticker_lost.found(_page(), ROWS)) == "2016-07-05"


def test_a_rim_across_a_digit_leaves_the_row_unread():
    # one view reads 7月3日, another 7月日: no row is taken (the date stays missing, flagged)
    assert _date(_sticker_lost.found(_page(seal_x=340), ROWS)) is None


def test_no_row_there_adds_nothing():
    assert _sticker_lost.found(_page(date_row=False), ROWS) == ROWS


def test_a_reading_that_lost_a_digit_adds_nothing(monkeypatch: pytest.MonkeyPatch):
    texts = iter(["日期：2016年7月3日", "日期：2016年7月3日"])

    def readings(pieces, red=True):
        return [[Reading(next(texts), 0.98), Reading(next(texts), 0.98)] for _ in pieces[:1]] + [
            [Reading("日期：2016年7月日", 0.9)] * 2 for _ in pieces[1:]
        ]

    monkeypatch.setattr(_ocr, "readings", readings)
    assert _date(_sticker_lost.found(_page(), ROWS)) is None


def test_a_sticker_with_its_date_is_not_read_again(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_ocr, "readings", lambda *a, **k: pytest.fail("read again"))
    lines = [*ROWS, Line(DATE_ROW, 1.0, (81, 226, 300, 262))]
    assert _sticker_lost.found(_page(), lines) == lines


def test_a_period_whose_end_a_seal_broke_is_no_decision_date(monkeypatch: pytest.MonkeyPatch):
    # the lost row is a period read 2017.01.01-2021.123: its start is not the entry's date
    monkeypatch.setattr(
        _ocr, "readings", lambda pieces, red=True: [[Reading("2017.01.01-2021.123", 0.99)] * 2
                                                     for _ in pieces]
    )
    assert _date(_sticker_lost.found(_page(), ROWS)) is None
