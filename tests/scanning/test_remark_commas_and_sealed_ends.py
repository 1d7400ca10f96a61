"""Session 18 remark rules: a comma last on a wrapped line proved by its ink, a date whose
year lost a digit under a seal's star read again."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning import _remark_dates, _seal_bare
from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._remark_endmark import comma_at_end, sealed_cells
from scanning._remark_standard import settle
from scanning._seal_proof import doubts
from scanning._seal_shape import Ring
from tests.scanning._fonts import cjk_font
from tests.scanning.test_seal_bare import EM, END, LINE, RING, TOP, glyphs, page

WRAPPED = [
    ("原证书因保管不慎遗失", ["原证书因保管不慎遗失"] * 3),
    ("经本人申请，予以补发", ["经本人申请，予以补发"] * 3),
    ("2024年8月22日", ["2024年8月22日"] * 3),
]


def test_a_comma_at_a_wrap_the_page_shows_is_put_back_by_the_wording():
    got = settle("原证书因保管不慎遗失经本人申请，予以补发", WRAPPED, inked=[0])
    assert got is not None
    assert got.text == "原证书因保管不慎遗失，经本人申请，予以补发" and got.marks == 1


def test_a_comma_at_a_wrap_no_view_read_and_no_ink_shows_is_not_put_back():
    assert settle("原证书因保管不慎遗失经本人申请，予以补发", WRAPPED) is None
    # ink after the second line (not a wrap of the text) proves nothing at the first
    assert settle("原证书因保管不慎遗失经本人申请，予以补发", WRAPPED, inked=[1]) is None


def test_ink_inside_a_line_does_not_put_back_a_comma_the_office_may_not_have_written():
    lines = [("证书遗失予以补发", ["证书遗失予以补发"] * 2)]
    assert settle("证书遗失予以补发", lines, inked=[0]) is None


def _line_page(text: str) -> tuple[np.ndarray, Line]:
    """``text`` written in dark blue on pale paper; the line's box ends at its last
    character (a comma after it left outside the box, as the detector does)."""
    font = cjk_font(32)
    img = Image.new("RGB", (600, 90), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.text((20, 25), text, font=font, fill=(30, 40, 120))
    words = text.rstrip("，")
    right = int(20 + draw.textlength(words, font=font))
    return np.asarray(img), Line(words, 0.99, (16, 22, right + 2, 64))


def test_the_ink_of_a_comma_after_a_lines_end_is_found():
    image, line = _line_page("原证书因保管不慎遗失，")
    assert comma_at_end(image, line)


def test_no_comma_after_a_lines_end_is_found_where_none_is_written():
    image, line = _line_page("原证书因保管不慎遗失")
    assert not comma_at_end(image, line)
    image, line = _line_page("原证书因保管不慎遗失。")  # a full stop is no comma
    assert not comma_at_end(image, line)


def test_a_date_whose_year_lost_a_digit_under_a_star_is_read_again():
    # 2024.04.13 under a seal's star: 2 read as a dash, 0 lost, the last dot lost
    assert _remark_dates.dateish("-224.0413")
    assert _remark_dates.dateish("201m108.04")
    assert not _remark_dates.dateish("2024.04.13")
    assert not _remark_dates.dateish("经核查信息无误")


SEALED = "原证书因保管不慎遗失，经本人申请予以补发"  # the comma after 申请 under a seal's star
ONE_LINE = [(SEALED, [SEALED] * 3)]


def test_a_comma_under_a_seal_in_a_free_cell_is_put_back_for_a_person_to_confirm():
    text = ONE_LINE[0][0]
    assert settle(text, ONE_LINE) is None  # no reading saw it
    got = settle(text, ONE_LINE, roomed=[(0, 15)])  # the cell after 申请 is free, under a seal
    assert got is not None and got.roomed
    assert got.text == "原证书因保管不慎遗失，经本人申请，予以补发"
    assert settle(text, ONE_LINE, roomed=[(0, 14)]) is None  # a free cell elsewhere


def test_a_free_cell_under_a_seal_is_found_from_the_characters_places():
    text = "原证书因保管不慎遗失，经本人申请予以补发"
    xs, x = [], 100.0
    for ch in text:
        xs.append(x)
        x += 26 if ch != "请" else 52  # a cell left free after 申请
    glyphs = [Glyph(ch, x) for ch, x in zip(text, xs, strict=True)]
    line = Line(text, 0.99, (90, 283, int(xs[-1]) + 14, 327))
    at = xs[text.index("请")] + 26
    sealed = Ring(cx=at, cy=330.0, r=60.0)
    assert sealed_cells(line, glyphs, [sealed]) == [15]
    assert sealed_cells(line, glyphs, [Ring(cx=at - 300, cy=330.0, r=40.0)]) == []  # no seal
    tight = [Glyph(g.char, g.x - (26 if g.x > at else 0)) for g in glyphs]
    assert sealed_cells(line, tight, [sealed]) == []  # no free cell


def test_a_line_end_under_a_seal_with_the_date_read_right_after_it_hid_nothing():
    # 身份证号码已升位，经核对无误 + the entry's date on its row; a grey seal over the end and
    # the date's start (second generator 0004: 工作单位变更，已登记备案 2022年10月15日)
    date_x = END + 7  # the date's box begins a space after the text
    image = page(" 2022年10月15日")
    assert doubts(LINE, True, True, [RING], glyphs(), image=image)[0]  # the date is print
    assert not doubts(LINE, True, True, [RING], glyphs(), image=image, right=date_x)[0]
    date = Line("2022年10月15日", 0.99, (date_x, TOP, date_x + 8 * EM, TOP + int(1.4 * EM)))
    assert _seal_bare.next_on_row(LINE, [LINE, date]) == date_x
    # print under the seal between the end and the next box keeps the doubt
    image = page("，予以更正 2022年10月15日")
    assert doubts(LINE, True, True, [RING], glyphs(), image=image, right=END + 6 * EM)[0]
