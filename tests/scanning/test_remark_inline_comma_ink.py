"""A comma inside a remark's line that every reading lost, put back by the standard wording
only where a free cell between two characters holds a mark's ink."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._remark_inmark import inked_cells
from scanning._remark_standard import settle
from scanning._seal_shape import Ring
from tests.scanning._fonts import cjk_font

READ = "证书遗失予以补发"  # every reading lost the comma after 遗失
LINES = [(READ, [READ] * 3)]


def _written(text: str) -> tuple[np.ndarray, Line, list[Glyph]]:
    """``text`` in dark blue on pale paper, with the places of its characters (a mark's own
    cell kept, the mark itself not among the places: the reading lost it)."""
    font = cjk_font(32)
    img = Image.new("RGB", (480, 90), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.text((20, 25), text, font=font, fill=(30, 40, 120))
    places = []
    for k, ch in enumerate(text):
        if ch not in "，　":
            x = 20 + draw.textlength(text[:k], font=font) + draw.textlength(ch, font=font) / 2
            places.append(Glyph(ch, x))
    words = "".join(g.char for g in places)
    right = int(20 + draw.textlength(text, font=font))
    return np.asarray(img), Line(words, 0.99, (16, 22, right + 2, 64)), places


def test_the_ink_of_a_comma_in_a_free_cell_inside_a_line_is_found():
    image, line, places = _written("证书遗失，予以补发")
    assert inked_cells(image, line, places) == [4]


def test_a_free_cell_without_ink_or_no_free_cell_shows_no_mark():
    image, line, places = _written("证书遗失　予以补发")  # a space: room, but no ink
    assert inked_cells(image, line, places) == []
    image, line, places = _written(READ)  # the office wrote no comma
    assert inked_cells(image, line, places) == []


def test_a_cell_under_a_seal_is_left_to_the_seal_rules():
    image, line, places = _written("证书遗失，予以补发")
    at = (places[3].x + places[4].x) / 2
    assert inked_cells(image, line, places, [Ring(cx=at, cy=60.0, r=50.0)]) == []


def test_a_comma_the_page_shows_inside_a_line_is_put_back_by_the_wording():
    assert settle(READ, LINES) is None  # no reading saw it, no ink measured
    got = settle(READ, LINES, marked=[(0, 4)])
    assert got is not None and not got.roomed
    assert got.text == "证书遗失，予以补发" and got.marks == 1


def test_ink_where_the_wording_has_no_comma_puts_nothing_back():
    assert settle(READ, LINES, marked=[(0, 2)]) is None


def test_the_entrys_date_on_the_line_is_no_word_and_a_misread_character_keeps_places():
    image, line, places = _written("2016年12月20日证书遗失，予以补发")
    assert inked_cells(image, line, places) == [4]  # 证书遗失 | 予以补发: the date not counted
    image, line, places = _written("经本人申请，予以补发")
    misread = [Glyph("手" if g.char == "予" else g.char, g.x) for g in places if g.char != "人"]
    assert inked_cells(image, line, misread) == [5]  # 人 lost, 予 read 手: 请|予 still placed
