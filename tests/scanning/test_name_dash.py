"""A name's 一 the recogniser split with a dash of the same form (一 70 %, — 28 %) is sure: a
name holds no dash. A Han rival it offered (二) stays a doubt the crop must settle."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _name_evidence as evidence
from scanning._ocr import Reading
from scanning._validate import Value

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
pytestmark = pytest.mark.skipif(not Path(SERIF).exists(), reason="no Noto Serif CJK face")


def _crop(text: str) -> np.ndarray:
    font = ImageFont.truetype(SERIF, 64, index=2)
    img = Image.new("L", (64 * (len(text) + 2), 110), 255)
    ImageDraw.Draw(img).text((40, 20), text, fill=0, font=font)
    return cv2.resize(np.asarray(img), None, fx=0.375, fy=0.375, interpolation=cv2.INTER_AREA)


def _reading(second: tuple[tuple[str, float], ...]) -> Reading:
    return Reading("毛一淑", 0.88, ((("毛", 1.0),), second, (("淑", 0.998),)))


def test_a_dash_offered_for_one_is_no_doubt() -> None:
    readings = [_reading((("一", 0.72), ("—", 0.265))), _reading((("一", 0.70), ("—", 0.283)))]
    assert evidence.doubted("毛一淑", readings) == []
    v = evidence.confirm(Value("毛一淑", 0.95, []), readings, (_crop("毛一淑"),))
    assert v.value == "毛一淑" and not v.blocking


def test_a_han_rival_offered_for_one_stays_a_doubt() -> None:
    readings = [_reading((("一", 0.72), ("二", 0.265)))] * 2
    assert evidence.doubted("毛一淑", readings) == [1]
