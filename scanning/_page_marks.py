"""Whether the print beside a photo is lines of text, not a photo page's signature line.

A photo page holds, beside the photo, only its signature line (持证人签名 and the signature): one
row of marks, two at most. A page of fields or remarks that also shows something taken for a
photo (a framed box, a sticker, a pasted print) holds rows of print above and below it. Such
a page must be read, or its text is lost without a trace.
"""

from __future__ import annotations

import cv2
import numpy as np

from scanning._ocr import Box, Image

_MARK = (4, 60)  # a character-sized mark's longer side, in pixels of the normalised page
_ROW_MARKS = 4  # marks a row of print holds at least (a lone speck or dot is no row)
TEXT_ROWS = 3  # rows of print beside a photo that make the page one of text


def marks_beside(page: Image, box: Box) -> tuple[np.ndarray, np.ndarray]:
    """(tops, heights) of the character-sized marks of dark print outside ``box``."""
    gray = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY) if page.ndim == 3 else page
    paper = float(np.percentile(gray, 90))
    ink = (gray < paper - 80).astype(np.uint8)
    x0, y0, x1, y1 = box
    pad = max(4, (x1 - x0) // 20)
    ink[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 0
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    keep = (np.maximum(w, h) >= _MARK[0]) & (np.maximum(w, h) <= _MARK[1])
    return stats[1:, cv2.CC_STAT_TOP][keep], h[keep]


def text_rows(page: Image, box: Box) -> int:
    """Rows of at least ``_ROW_MARKS`` character-sized marks of dark print outside ``box``."""
    return rows(*marks_beside(page, box))


def rows(tops: np.ndarray, heights: np.ndarray) -> int:
    """Rows of at least ``_ROW_MARKS`` of the marks ``marks_beside`` found."""
    if not tops.size:
        return 0
    centres = np.sort(tops + heights / 2)
    gap = max(4.0, float(np.median(heights)))
    found, count = 0, 1
    for a, b in zip(centres[:-1], centres[1:], strict=True):
        if b - a > gap:
            found += count >= _ROW_MARKS
            count = 0
        count += 1
    return found + (count >= _ROW_MARKS)
