"""Black print on pink (tinted) paper is no red stamp: the red view took the paper's own redness
for ink, so the paper turned grey and the black print (no redness) white, and the recogniser
read those light letters as stamp rows: a second registration (its period copied from the
printed one, no conclusion) where the booklet has one."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning import _stamps
from tests.scanning._fonts import cjk_font

PINK = (246, 232, 230)
RED = (205, 50, 48)


def _page() -> np.ndarray:
    img = Image.new("RGB", (800, 520), PINK)
    d = ImageDraw.Draw(img)
    d.rectangle((60, 40, 740, 480), outline=(70, 70, 70), width=2)
    d.text((100, 80), "经审核，定期注册合格。", font=cjk_font(30), fill=(40, 40, 40))
    d.text((100, 140), "有效期自2022年5月19日至", font=cjk_font(30), fill=(40, 40, 40))
    d.text((100, 200), "2027年5月18日止。", font=cjk_font(30), fill=(40, 40, 40))
    d.ellipse((470, 230, 690, 450), outline=RED, width=7)  # the office's seal
    d.regular_polygon((580, 340, 30), 5, fill=RED)
    d.text((500, 380), "2022年4月18日", font=cjk_font(28), fill=(40, 40, 40))
    return np.asarray(img)


def test_black_print_on_pink_paper_gives_no_stamp_entry():
    stamps = _stamps.read(_page())  # before: the three black rows, read as a stamp's
    assert stamps.lines == [] and stamps.odd == ()
