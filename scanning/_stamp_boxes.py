"""The printed boxes of a registration page found from their ruled lines, as a phone photo shows
them (glare, shading, a seal across a side).

``_red_ink.frames`` takes a page's boxes from one global threshold: on a phone photo a box's
pale grey side under glare falls on the paper's side of it, and the box is not found, so a seal
standing over the box's edge could not be given to the stamp in that box (the office stayed
``missing``). Here the page is thresholded against its own neighbourhood (glare and shading
lift both ink and paper), red ink is taken out (a seal's ring or a stamp's border is no printed
box), and only long straight runs are kept: a box's sides. A side broken by a seal or by glare
still bounds the box by the parts left of it.
"""

from __future__ import annotations

import cv2
import numpy as np

from scanning._ocr import Box, Image
from scanning._red_ink import RED_INK, framed, redness

__all__ = ["printed_boxes"]

BLOCK = 31  # px: the neighbourhood a pixel is compared with (a few line heights on a page)
OFFSET = 12  # grey levels darker than the neighbourhood's mean for a pixel to be ink
LONG_W = 12  # a horizontal side runs straight over 1/LONG_W of the page's width at least
LONG_H = 16  # a vertical side over 1/LONG_H of the page's height


def printed_boxes(image: Image) -> tuple[Box, ...]:
    """The boxes of an entry's size ruled on the page (x0, y0, x1, y1), from their sides."""
    grey = np.ascontiguousarray(image[..., 1] if image.ndim == 3 else image)
    h, w = grey.shape[:2]
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                BLOCK, OFFSET)
    if image.ndim == 3:
        ink[redness(image) > RED_INK // 2] = 0
    ink = cv2.dilate(ink, np.ones((3, 3), np.uint8))  # a side turned a degree or two stays one run
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, w // LONG_W), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, h // LONG_H)))
    sides = cv2.bitwise_or(cv2.morphologyEx(ink, cv2.MORPH_OPEN, across),
                           cv2.morphologyEx(ink, cv2.MORPH_OPEN, down))
    sides = cv2.dilate(sides, np.ones((5, 5), np.uint8))  # a corner's two sides meet
    return tuple(framed(sides))  # of an entry's size, as ``_red_ink.frames`` takes them
