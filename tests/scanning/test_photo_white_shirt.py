"""A photo of a holder in a white shirt on a pale grey background, on pale paper: only the hair,
face and neck stand out as one solid blob, and the photo box estimated from that blob ends at the
neck. The photo a head that wide has holds the shoulders and is found (images drawn in the test)."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _photo
from tests.scanning.test_photo_mat import _glue, _overlap, _page

PINK_PAPER = (246, 239, 236)
TRUTH = (300, 330, 476, 576)


def _pale_portrait(w: int = 176, h: int = 246) -> np.ndarray:
    """Dark hair, a tanned face and neck, a white shirt on a light grey background."""
    img = np.full((h, w, 3), (229, 224, 221), np.uint8)
    cx = w // 2
    cv2.ellipse(img, (cx, h * 40 // 100), (w * 22 // 100, h * 20 // 100), 0, 0, 360,
                (212, 168, 132), -1)  # face
    cv2.ellipse(img, (cx, h * 30 // 100), (w * 24 // 100, h * 14 // 100), 0, 180, 360,
                (20, 18, 18), -1)  # hair
    cv2.rectangle(img, (cx - w // 12, h * 56 // 100), (cx + w // 12, h * 82 // 100),
                  (212, 168, 132), -1)  # neck
    cv2.ellipse(img, (cx, h), (w * 46 // 100, h * 20 // 100), 0, 180, 360, (236, 233, 230), -1)
    return img


def test_a_white_shirt_on_a_pale_background_is_found_whole() -> None:
    page = _page(colour=PINK_PAPER)
    _glue(page, _pale_portrait(), TRUTH[0], TRUTH[1])
    found = _photo.extract(page)
    assert found is not None and _overlap(found.box, TRUTH) > 0.7

