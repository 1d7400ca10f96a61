"""Turning a picture by quarter turns: the one table from a count of clockwise quarter turns
to OpenCV's rotation, shared by the page reader (a page lying sideways or upside down) and
the check for a photo page lying sideways in a spread."""

from __future__ import annotations

import cv2

from scanning._ocr import Image, u8

#: OpenCV's rotation for one, two and three clockwise quarter turns.
QUARTERS = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}


def quarter_turn(img: Image, turns: int) -> Image:
    """``img`` turned clockwise by ``turns`` quarter turns (any integer: -1 is 3; 0 is ``img``)."""
    return img if turns % 4 == 0 else u8(cv2.rotate(img, QUARTERS[turns % 4]))
