"""Remarks rows (issue 12, wave 9): a sloping hand-written line cut in two stays one row."""

from __future__ import annotations

import numpy as np

from scanning import _ocr
from scanning._layout import rows
from scanning._ocr import Line, Reading
from scanning._remarks import entries
from scanning._remarktext import reread

ISSUED = "2020-01-01"


def ln(text: str, box: tuple[int, int, int, int]) -> Line:
    return Line(text, 0.97, box)


def test_sloping_line_cut_at_a_seal_reads_in_order():
    # Read from a booklet: the detector cut one hand-written line in two, the right piece a
    # little higher and overlapping the left one by 20 px; it came first and the text was
    # read backwards (重，同意换发新证原证书破损严).
    lines = [
        ln("备注", (354, 84, 443, 140)),
        ln("2025.01.18", (98, 420, 292, 461)),
        ln("重，同意换发新证", (328, 461, 642, 517)),
        ln("原证书破损严", (103, 474, 348, 523)),
    ]
    got = [(r.date.value if r.date else None, r.text) for r in entries(lines, ISSUED)]
    assert got == [("2025-01-18", "原证书破损严重，同意换发新证")]


def test_two_stacked_lines_stay_two_rows():
    # Two printed lines of a turned sticker overlap vertically by half; they also stand over
    # each other horizontally, so they are two rows.
    a = ln("注册合格", (100, 100, 400, 140))
    b = ln("2016.09.01", (120, 122, 420, 160))
    assert [r.text for r in rows([a, b])] == ["注册合格", "2016.09.01"]


def test_a_reread_does_not_read_the_overlapping_neighbour(monkeypatch):
    # Read from a booklet: the date box ran 24 px into the text box beside it, and the 2×
    # re-reads of the date read 2019年04月11日出 (出 of 出生日期已更正) — twice, so the
    # choice took it: 出出生日期已更正.
    date = ln("2019年04月11日", (80, 385, 363, 434))
    text = ln("出生日期已更正", (339, 388, 585, 445))
    seen: list[tuple[int, int, int, int]] = []

    def readings(pieces, red=True):
        seen.extend(box for _, box in pieces)
        return [[Reading(x.text, 0.97)] * 2 for x in (date, text)]

    monkeypatch.setattr(_ocr, "readings", readings)
    reread(np.zeros((600, 800, 3), np.uint8), [date, text])
    assert seen == [(80, 385, 351, 434), (351, 388, 585, 445)]


def test_a_box_inside_another_or_apart_is_read_as_it_is(monkeypatch):
    lines = [
        ln("证书遗失，予以补发", (80, 100, 500, 140)),
        ln("2019年5月3日", (520, 100, 700, 140)),
    ]
    seen: list[tuple[int, int, int, int]] = []

    def readings(pieces, red=True):
        seen.extend(box for _, box in pieces)
        return [[Reading(x.text, 0.97)] * 2 for x in lines]

    monkeypatch.setattr(_ocr, "readings", readings)
    reread(np.zeros((600, 800, 3), np.uint8), lines)
    assert seen == [x.box for x in lines]
