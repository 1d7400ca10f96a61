"""A coloured-background photo whose lower right corner is washed pale (the steel seal pressed
over it, glare): the background's blob then ends at the bottom in its left corner only, which must
not move the photo's box sideways."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _photo, _photo_blobs
from tests.scanning.test_photo_mat import _glue, _overlap, _page

BLUE = (60, 120, 215)
TRUTH = (320, 230, 496, 480)


def _portrait_with_pale_corner(w: int = 176, h: int = 250) -> np.ndarray:
    """Dark hair, a pale face and neck, a white shirt across the bottom, and the lower right
    corner of the background washed pale by the embossed steel seal pressed over it."""
    img = np.full((h, w, 3), BLUE, np.uint8)
    cx = w // 2
    cv2.ellipse(
        img, (cx, h * 40 // 100), (w * 24 // 100, h * 22 // 100), 0, 0, 360, (230, 205, 190), -1
    )  # face
    cv2.ellipse(
        img, (cx, h * 30 // 100), (w * 26 // 100, h * 16 // 100), 0, 180, 360, (25, 20, 20), -1
    )  # hair
    cv2.rectangle(
        img, (cx - w // 12, h * 58 // 100), (cx + w // 12, h * 80 // 100), (230, 205, 190), -1
    )  # neck
    cv2.ellipse(img, (cx, h), (w * 46 // 100, h * 24 // 100), 0, 180, 360, (248, 248, 246), -1)
    washed = np.zeros((h, w), np.uint8)
    cv2.circle(washed, (w, h), w * 30 // 100, 255, -1)
    pale = (0.25 * img + 0.75 * 245).astype(np.uint8)
    img[washed > 0] = pale[washed > 0]
    return img


def test_a_blue_photo_with_one_lower_corner_washed_pale_is_found() -> None:
    page = _page()
    _glue(page, _portrait_with_pale_corner(), TRUTH[0], TRUTH[1])
    found = _photo.extract(page)
    assert found is not None and _overlap(found.box, TRUTH) > 0.85
    assert "photo_background" in [f.code for f in found.findings]


def test_the_frameless_estimate_of_that_photo_is_centred_on_it() -> None:
    # Where no frame line is found (a fold line through the photo's edge, a white print margin
    # on pale paper), the frameless estimate alone must cover the photo.
    page = _page()
    _glue(page, _portrait_with_pale_corner(), TRUTH[0], TRUTH[1])
    small, scale = _photo._work(page)
    boxes = [blob.box for blob in _photo_blobs.frameless(small)]
    truth = tuple(round(v * scale) for v in TRUTH)
    assert boxes and max(_overlap(b, truth) for b in boxes) > 0.8
