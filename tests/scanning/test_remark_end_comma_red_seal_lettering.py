"""A comma last on a remark's line, with a red seal's lettering just after it."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_endmark import comma_at_end
from tests.scanning._fonts import cjk_font

BLUE, RED = (30, 40, 120), (215, 40, 45)


def _sealed_line(comma: bool, seal: tuple[int, int, int] = RED) -> tuple[np.ndarray, Line]:
    """姓名变更 in dark blue (and a short hand-written comma stroke after it); a seal's
    自治区 starts right after, as a seal's rim lettering does when the seal is set over a
    line's end. The line's box ends at 更, as the detector leaves it."""
    font = cjk_font(32)
    img = Image.new("RGB", (600, 90), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.text((20, 25), "姓名变更", font=font, fill=BLUE)
    right = int(20 + draw.textlength("姓名变更", font=font))
    if comma:
        draw.line([(right + 5, 52), (right + 3, 60)], fill=BLUE, width=4)
    draw.text((right + 4, 18), "自治区", font=font, fill=seal)
    return np.asarray(img), Line("姓名变更", 0.99, (16, 22, right + 2, 64))


def test_a_comma_before_a_red_seals_lettering_is_found():
    # the recogniser places the seal's 自 in the comma's cell; in the red channel it is gone
    assert comma_at_end(*_sealed_line(comma=True))


def test_no_comma_is_found_before_a_red_seals_lettering_where_none_is_written():
    assert not comma_at_end(*_sealed_line(comma=False))


def test_a_character_in_the_writings_ink_still_stands_against_a_comma():
    assert not comma_at_end(*_sealed_line(comma=True, seal=BLUE))
