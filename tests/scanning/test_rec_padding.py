"""Short crops (a label, 男, a name, a date) go to the recogniser padded to ``REC_LEAST``, not
to RapidOCR's 320: the padding is grey and no evidence, so they read as the engine's own
recognition reads them, at half the input."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr
from tests.scanning._fonts import cjk_font

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fonts_available")]

_SHORT = ["男", "女", "汉族", "王芳", "数学", "注册合格", "性别", "2019年11月24日"]


def _field(text: str) -> np.ndarray:
    img = Image.new("RGB", (40 + 32 * len(text), 60), "white")
    ImageDraw.Draw(img).text((20, 10), text, font=cjk_font(30), fill="black")
    return np.asarray(img)


def test_short_crops_read_as_the_engine_reads_them_padded_to_320():
    from rapidocr.ch_ppocr_rec import TextRecInput

    crops = [_field(t) for t in _SHORT]
    ours = _ocr.recognise_all(crops)
    theirs = _ocr.engine().text_rec(TextRecInput(img=crops))
    assert [r.text for r in ours] == list(theirs.txts) == _SHORT
    assert all(r.score > 0.99 for r in ours)


def test_a_short_crop_costs_half_the_engines_input():
    assert _ocr.padded_width(_field("男")) == _ocr.REC_LEAST == 160
