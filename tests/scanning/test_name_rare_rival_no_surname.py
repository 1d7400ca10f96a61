"""A rare character offered at a read surname that would make no known surname (瘳 beside 廖,
堇 beside 董) is no rival kept in play on a blurred crop: nobody bears it as a surname, so no
language prior held it down; a rare one that is a surname (郗 beside 郝) stays in play."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _name_rare_rival as rare_rival
from scanning._ocr import Reading
from tests.scanning._fonts import SANS_BOLD as SANS
from tests.scanning._fonts import needs_face

pytestmark = needs_face(SANS)


def _blurred(text: str) -> np.ndarray:
    """``text`` printed 30 px high and blurred as a phone photo is."""
    font = ImageFont.truetype(SANS, 30, index=2)
    img = Image.new("L", (40 + 36 * len(text), 56), 235)
    for i, ch in enumerate(text):
        ImageDraw.Draw(img).text((12 + i * 36, 8), ch, fill=30, font=font)
    return cv2.GaussianBlur(np.asarray(img), (0, 0), 2.5)


def _readings(name: str, rival: str) -> list[Reading]:
    first = ((name[0], 0.99), (rival, 0.004))
    rest = tuple(((ch, 0.999),) for ch in name[1:])
    return [Reading(name, 0.99, (first, *rest)), Reading(name, 0.98, (first, *rest))]


@pytest.mark.parametrize(("name", "rival"), [("廖妍", "瘳"), ("董海轩", "堇"), ("薛芳峰", "藓")])
def test_a_rival_that_makes_no_surname_is_out_of_play(name: str, rival: str) -> None:
    crop = _blurred(name)
    assert rare_rival.sharpness(crop) < rare_rival.BLURRED
    assert rare_rival.in_play(name, _readings(name, rival), crop) == []


def test_a_rare_rival_that_is_a_surname_stays_in_play() -> None:
    crop = _blurred("郝敏")
    assert rare_rival.in_play("郝敏", _readings("郝敏", "郗"), crop) == [0]


def test_a_rare_rival_in_the_given_name_stays_in_play() -> None:
    readings = [Reading("尹颐", 0.95, ((("尹", 0.9993),), (("颐", 0.995), ("赜", 0.003))))]
    assert rare_rival.in_play("尹颐", readings, _blurred("尹颐")) == [1]
