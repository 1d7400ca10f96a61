"""On a blurred crop, an accepted name's character beside which a reading offered a rare one (颐
beside 赜 at 0.3 %) must be shown by the glyph check; on a sharp crop the readings stand."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scanning import _decide
from scanning import _name_rare_rival as rare_rival
from scanning._ocr import Reading
from tests.scanning._fonts import SANS_BOLD as SANS
from tests.scanning._fonts import needs_face

pytestmark = needs_face(SANS)
TODAY = date(2024, 6, 1)


def _crop(text: str, blur: float) -> np.ndarray:
    """``text`` printed 30 px high, blurred by ``blur`` (a phone photo's 2.5, a scan's 0)."""
    font = ImageFont.truetype(SANS, 30, index=2)
    img = Image.new("L", (40 + 36 * len(text), 56), 235)
    for i, ch in enumerate(text):
        ImageDraw.Draw(img).text((12 + i * 36, 8), ch, fill=30, font=font)
    grey = np.asarray(img)
    return cv2.GaussianBlur(grey, (0, 0), blur) if blur else grey.copy()


def _read(p: float, rare: float) -> Reading:
    return Reading("尹颐", 0.95, ((("尹", 0.9993),), (("颐", p), ("赜", rare))))


# Two distinct readings agree; 赜 at 0.3 % counts ten times (3 %), under the decoder's doubt.
READINGS = (_read(0.9951, 0.003), _read(0.9942, 0.0031))


def _flags(crop: np.ndarray) -> list[str]:
    v = _decide._name(_decide.prepare("name", READINGS, TODAY), crop)
    return [f.code for f in v.findings if f.blocking]


def test_a_rare_rival_on_a_blurred_crop_is_left_to_the_glyph_check() -> None:
    crop = _crop("尹赜", 2.5)
    assert rare_rival.sharpness(crop) < rare_rival.BLURRED
    assert rare_rival.in_play("尹颐", READINGS, crop) == [1]
    assert _flags(crop) == ["unconfirmed"]


def test_on_a_sharp_crop_the_readings_stand() -> None:
    crop = _crop("尹颐", 0)
    assert rare_rival.sharpness(crop) >= rare_rival.BLURRED
    assert rare_rival.in_play("尹颐", READINGS, crop) == []
    assert _flags(crop) == []


# One reading of the same box doubted 颐 (70 %); the two others were sure of it.
WAVERING = (Reading("尹颐", 0.85, ((("尹", 0.9993),), (("颐", 0.70), ("赜", 0.003)))),
            *READINGS)


def test_a_rare_rival_where_a_reading_wavered_is_left_to_the_glyph_check_on_a_sharp_crop() -> None:
    crop = _crop("尹赜", 0)
    assert rare_rival.sharpness(crop) >= rare_rival.BLURRED
    v = _decide._name(_decide.prepare("name", WAVERING, TODAY), crop)
    assert [f.code for f in v.findings if f.blocking] == ["unconfirmed"]
    assert rare_rival.in_play("尹颐", WAVERING, crop, unsure=[1]) == [1]
