"""Remarks rows (issue 12, wave 9): a sloping hand-written line cut in two stays one row."""

from __future__ import annotations

from scanning._layout import rows
from scanning._ocr import Line
from scanning._remarks import entries

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
