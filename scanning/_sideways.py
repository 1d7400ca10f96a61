"""A photo page fed sideways: one page, not a spread to cut through its photo.

Text pages are righted by their text (``_pages.upright``). A photo page holds no text, so fed
sideways (the booklet turned on the scanner glass, one page scanned on its own) it stays lying
down: a picture as wide as an open spread, which would be cut at its "binding" — through the
photo, so that no half holds it and the booklet loses its holder's photo. Such a picture is told
from a spread by what it holds: almost no print, no upright photo, and a photo once turned a
quarter, with no rows of print beside it (a spread's two pages hold rows of print).
"""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _photo
from scanning._ocr import Box, Image, scaled, u8
from scanning._page_marks import TEXT_ROWS, marks_beside, rows
from scanning._spreads import SPREAD_ASPECT
from scanning._turns import quarter_turn

_HEIGHT = 1100  # the normalised page height at which the page marks are measured


def photo_turn(img: Image, look: Image) -> int:
    """The quarter turns (clockwise: 1 or 3) that right a photo page lying sideways in ``img``
    (``look``: its look copy, in any orientation); 0 for any other picture (a page, a spread,
    a photo page lying upright)."""
    if img.shape[1] < SPREAD_ASPECT * img.shape[0] or not _few_marks(look):
        return 0
    if _photo.candidates(img):  # an upright photo: a spread of the photo page and another
        return 0
    for turns in (1, 3):
        turned = quarter_turn(img, turns)
        found = _photo.candidates(turned)
        if found:
            return turns if _photo_page(turned, found[0]) else 0
    return 0


def _few_marks(look: Image) -> bool:
    """Whether the picture holds no more print than a photo page (its seal, its signature):
    character-sized marks counted as ``_page_marks`` counts them, on the picture's small look
    copy (about half the normalised page height: a spread's hundreds of characters still count,
    and it costs a few milliseconds, not the shrink of a full-resolution picture)."""
    tops, _ = marks_beside(look, (0, 0, 0, 0))
    return len(tops) <= _photo.PHOTO_PAGE_MARKS


def _photo_page(page: Image, box: Box) -> bool:
    """No rows of print beside the photo found on the turned picture (as ``_photo.extract``
    asks of a photo found on a page turned upside down)."""
    scale = _HEIGHT / page.shape[0]
    small = u8(cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    tops, heights = marks_beside(small, scaled(box, scale))
    return bool(np.size(tops) <= _photo.PHOTO_PAGE_MARKS and rows(tops, heights) < TEXT_ROWS)
