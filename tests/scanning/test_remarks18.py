"""Session 18 remark rules: a comma last on a wrapped line proved by its ink, a date whose
year lost a digit under a seal's star read again."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning import _remark_dates
from scanning._ocr import Line
from scanning._remark_endmark import comma_at_end
from scanning._remark_standard import settle
from tests.scanning._fonts import cjk_font

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
