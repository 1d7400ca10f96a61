"""A remark wrapped where offices often put a comma (经本人申请 / 予以补发) but written without
one: the page shows bare paper after the row's last character, so the wrap is no lost comma.
Ink there, a seal over the place or the page's edge proves nothing, and the entry stays
flagged."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_endmark import bare_end
from scanning._seal_proof import lost_wrap_comma
from scanning._seal_shape import Ring
from tests.scanning._fonts import cjk_font

HEAD, TAIL = "原证遗失，经本人申请", "予以补发，证书号码不变"


def _page(
    after: str = "", size: int = 32, width: int = 720, ink: tuple[int, int, int] = (30, 30, 30),
    mark: tuple[int, int, int] | None = None,
) -> tuple[np.ndarray, list[Line]]:  # fmt: skip
    """Two rows of an entry on pale paper; the first row's box and text end at its last word
    (``after``: what is written after it, outside the box, in ``mark`` ink)."""
    font = cjk_font(size)
    img = Image.new("RGB", (width, 60 + 3 * size), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), HEAD, font=font, fill=ink)
    right = int(20 + draw.textlength(HEAD, font=font))
    if after:
        draw.text((right, 20), after, font=font, fill=mark or ink)
    draw.text((20, 40 + size), TAIL, font=font, fill=ink)
    tail_right = int(20 + draw.textlength(TAIL, font=font))
    rows = [Line(HEAD, 0.99, (16, 17, right + 2, 20 + size)),
            Line(TAIL, 0.99, (16, 37 + size, tail_right + 2, 40 + 2 * size))]  # fmt: skip
    return np.asarray(img), rows


def test_a_wrap_on_bare_paper_is_no_lost_comma() -> None:
    for size in (24, 32):
        image, rows = _page(size=size)
        assert bare_end(image, rows[0])
        assert not lost_wrap_comma(rows, image)
        assert lost_wrap_comma(rows)  # without the page, the wrap is still doubted


def test_a_comma_s_ink_after_the_row_keeps_the_doubt() -> None:
    for mark in (None, (200, 30, 30), (30, 40, 140)):  # the writing's ink, red, blue
        image, rows = _page("，", mark=mark)
        assert not bare_end(image, rows[0])
        assert lost_wrap_comma(rows, image)


def test_a_seal_or_the_page_s_edge_after_the_row_proves_nothing() -> None:
    image, rows = _page()
    seal = [Ring(rows[0].box[2] + 60.0, 40.0, 70.0)]
    assert not bare_end(image, rows[0], seal)
    assert lost_wrap_comma(rows, image, seal)
    narrow, rows = _page(width=rows[0].box[2] + 10)
    assert not bare_end(narrow, rows[0])
    assert lost_wrap_comma(rows, narrow)
