"""A faint hand's closing 。 under a red seal's strokes is ink for a person to look at.

The red channel turns a red seal light but not white, and a faint hand's 。 is as light: the
cell after the last character holds the seal's strokes and the mark together, no clean blob.
Ink darker than the seal's own there (and not red) is reported as a mark (a finding), never
taken as a comma that settles a wording.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_endmark import comma_at_end, mark_at_end
from tests.scanning._fonts import cjk_font

PRINT, SEAL, FAINT = (60, 60, 66), (205, 70, 75), (130, 128, 132)


def _line_page(stop: bool, seal: bool = True) -> tuple[np.ndarray, Line]:
    """补发教师资格证书 in print; a red seal's ring and a letter's strokes over the cell after
    书 (when ``seal``); a faint 。 there, touching a stroke (when ``stop``). The box ends at
    书, as the detector has it."""
    font = cjk_font(32)
    img = Image.new("RGB", (600, 110), (250, 248, 244))
    draw = ImageDraw.Draw(img)
    words = "补发教师资格证书"
    draw.text((20, 35), words, font=font, fill=PRINT)
    right = int(20 + draw.textlength(words, font=font))
    if stop:
        draw.ellipse([right + 6, 52, right + 14, 60], outline=FAINT, width=2)
    if seal:
        draw.arc([right - 40, -150, right + 260, 150], 100, 170, fill=SEAL, width=5)
        for dx in (2, 16, 28):
            draw.line([(right + dx, 40), (right + dx + 6, 75)], fill=SEAL, width=3)
    return np.asarray(img), Line(words, 0.99, (16, 32, right + 2, 74))


def test_a_faint_stop_among_a_red_seals_strokes_is_a_mark_to_look_at():
    assert mark_at_end(*_line_page(stop=True))


def test_a_red_seals_strokes_alone_are_no_mark():
    assert not mark_at_end(*_line_page(stop=False))


def test_ink_under_a_red_seal_never_proves_a_comma():
    assert not comma_at_end(*_line_page(stop=True))
