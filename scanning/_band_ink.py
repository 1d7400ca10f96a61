"""Where the print of a band lies: a band re-read for a value the detector missed is cut to it.

A band runs from a label to the next label of its row (or the page's last print), so a short
value (女, 汉族) sits in it with a wide margin of paper, a table's ruling and a pattern's curves.
The recogniser reads a lone faint character in such a band as nothing, but reads it surely once
the crop holds the character and little else. The print is found as ink darker than the paper
around it (a photo's glare and shadow leave the paper uneven), without the rulings (ink runs
far longer than a character) and the pattern's curves (taller than the print), in marks of a
character's size or a stroke's.
"""

from __future__ import annotations

import cv2
import numpy as np

from scanning._ocr import Box, Image

_LEAST = 15  # ink this much darker than the paper around it, at the least (8-bit)
_SHARE = 0.4  # … or this share of the band's darkest ink, when that is more
_RULE = 2.0  # a horizontal run of ink this many text heights long is a ruling
_TALL = 1.3  # a mark taller than this many text heights is no character's stroke
_SPECK = 0.2  # a mark whose larger side is under this many text heights is a speck


def print_box(page: Image, band: Box, height: int) -> Box | None:
    """``band`` cut left and right to the marks of print inside it (half a text height kept on
    either side), or None when it holds none or they fill it already."""
    x0, y0, x1, y1 = (max(0, v) for v in band)
    gray = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY) if page.ndim == 3 else page
    crop = gray[y0:y1, x0:x1]
    h = max(4, height)
    if crop.size == 0 or crop.shape[1] < 3 * h:
        return None
    k = max(3, int(0.8 * h)) | 1
    paper = cv2.morphologyEx(crop, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    diff = paper.astype(np.int16) - crop.astype(np.int16)
    ink = (diff > max(_LEAST, _SHARE * float(np.percentile(diff, 99.5)))).astype(np.uint8)
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, int(_RULE * h)), np.uint8))
    ink[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 0
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = [
        (x, x + w) for x, _, w, hh, _ in stats[1:]
        if max(w, hh) >= _SPECK * h and hh <= _TALL * h and w <= _RULE * h
    ]  # fmt: skip
    if not marks:
        return None
    left = max(0, min(a for a, _ in marks) - h // 2)
    right = min(crop.shape[1], max(b for _, b in marks) + h // 2)
    if right - left >= 0.9 * crop.shape[1]:
        return None
    return (x0 + int(left), band[1], x0 + int(right), band[3])
