"""A red stamp's row the green channel's detector missed while the red view broke it (a pale
row of a phone photo: 1.4 for 2021.11.24) is read in the green channel in its
own box; the entry then has its decision date instead of going to review with it missing."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from PIL import Image, ImageDraw

from scanning import _stamps
from scanning._ocr import Line
from tests.scanning._fonts import cjk_font

BOX = (100, 80, 260, 125)  # where the red view found a row it read as 1.4


def _green(text: str) -> np.ndarray:
    img = Image.new("RGB", (400, 200), (255, 255, 255))
    ImageDraw.Draw(img).text((110, 88), text, font=cjk_font(26), fill=(90, 90, 90))
    return np.asarray(img)


def _missed(text: str, green: list[Line]) -> list[Line]:
    ink = SimpleNamespace(green=_green(text))
    return _stamps._missed_rows(ink, green, (Line("1.4", 0.54, BOX),))  # type: ignore[arg-type]


def test_a_row_the_green_detector_missed_is_read_in_its_own_box():
    got = _missed("2021.11.24", [])
    assert [(ln.text, ln.box) for ln in got] == [("2021.11.24", BOX)]


def test_a_row_a_green_row_covers_is_not_read_again():
    assert _missed("2021.11.24", [Line("2021.11.24", 0.99, (95, 78, 270, 128))]) == []


def test_a_row_that_says_nothing_a_stamp_says_stays_odd():
    assert _missed("河南省", []) == []
