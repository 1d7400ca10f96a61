"""A quote last on a wrapped remark line, outside the line's detected box."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_quotes import settle
from tests.scanning._fonts import cjk_font

INK, PAPER = (30, 30, 40), (246, 244, 238)


def _wrapped(head: str, tail: str, mark: str = "“") -> tuple[np.ndarray, list[Line]]:
    """``head`` + ``mark`` on one line, ``tail`` on the next; the first line's box ends at its
    last character, the mark after it left outside (as the detector does)."""
    font = cjk_font(32)
    img = Image.new("RGB", (560, 130), PAPER)
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), head + mark, font=font, fill=INK)
    draw.text((20, 70), tail, font=font, fill=INK)
    right = int(20 + draw.textlength(head, font=font))
    tail_right = int(20 + draw.textlength(tail, font=font))
    lines = [
        Line(head, 0.99, (16, 16, right + 2, 58)),
        Line(tail, 0.99, (16, 66, tail_right + 2, 108)),
    ]
    return np.asarray(img), lines


def test_an_opening_quote_last_on_a_line_is_put_back_where_the_placing_reads_it():
    image, lines = _wrapped("任教学科由“物理”更正为", "幼儿园”")
    got = settle("任教学科由“物理”更正为幼儿园”", image, lines)
    assert got is not None and got.text == "任教学科由“物理”更正为“幼儿园”" and got.seen


def test_no_quote_is_put_back_at_a_wrap_where_none_is_written():
    image, lines = _wrapped("任教学科由“物理”更正为", "幼儿园”", mark="")
    assert settle("任教学科由“物理”更正为幼儿园”", image, lines) is None
