"""The booklet's outline in a phone photo from its edges, where brightness alone does not say
what is paper.

A pale desk (a light table, grey card) under uneven light is in places as light as the page:
light falls off across the picture, so one side of the page lies in shadow darker than the desk
in the lit corner. No brightness threshold then separates paper from desk, and the page used to
be read unflattened, in its perspective. The page's edge is still a step in brightness all
round it, sharper than any fall of light: the outline of the largest closed run of such steps
is the booklet. It is accepted only where the paper is lighter than the desk just across every
side (``_booklet_outline`` checks that): a table's frame or a photo's edge inside a scanned page has
paper on both sides.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Image

__all__ = ["edge_outline"]

_LOW, _HIGH = 15, 45  # Canny thresholds on the blurred grey copy: a page edge, not a shadow
_SHARE = (0.2, 0.85)  # share of the picture a booklet's outline covers (as for the mask)


def edge_outline(small: Image) -> NDArray[np.int32] | None:
    """The outer contour of the largest closed run of brightness steps on the small copy, or
    None when it covers too little or nearly all of the picture (nothing framed, or a desk
    whose grain runs everywhere)."""
    grey = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(grey, _LOW, _HIGH), np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=lambda c: cv2.contourArea(cv2.convexHull(c)))
    share = cv2.contourArea(cv2.convexHull(largest)) / (small.shape[0] * small.shape[1])
    if not _SHARE[0] < share < _SHARE[1]:
        return None
    return np.asarray(largest, np.int32)
