"""A red seal's star or stroke in the cell after a remark line's last character is no mark."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_endmark import comma_at_end, mark_at_end
from tests.scanning._fonts import cjk_font

BLUE, SEAL = (30, 40, 120), (85, 20, 25)  # a photo's seal red keeps some darkness in red


def _line_page(blob: tuple[int, int, int] | None) -> tuple[np.ndarray, Line]:
    """经本人申请予以换发 in blue; in the cell after 发, low in the line, a short stroke the size
    of a comma in ``blob``'s colour (None: nothing). The box ends at 发, as the detector has it."""
    font = cjk_font(32)
    img = Image.new("RGB", (600, 90), (236, 238, 236))
    draw = ImageDraw.Draw(img)
    words = "经本人申请予以换发"
    draw.text((20, 25), words, font=font, fill=BLUE)
    right = int(20 + draw.textlength(words, font=font))
    if blob is not None:
        draw.line([(right + 5, 52), (right + 3, 60)], fill=blob, width=4)
    return np.asarray(img), Line(words, 0.99, (16, 22, right + 2, 64))


def test_a_dot_in_the_writings_ink_after_the_line_is_a_mark():
    assert mark_at_end(*_line_page(BLUE))
    assert comma_at_end(*_line_page(BLUE))


def test_a_red_seals_ink_after_the_line_is_no_mark():
    assert not mark_at_end(*_line_page(SEAL))
    assert not comma_at_end(*_line_page(SEAL))
    assert not mark_at_end(*_line_page(None))
