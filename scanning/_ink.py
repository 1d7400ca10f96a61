"""How dark a box's ink stands from its paper: print and writing against show-through and seal
remnants (used by ``_bleed`` to drop faint boxes and by ``_remarktext`` to judge what a widened
re-read found past a line's end)."""

from __future__ import annotations

import cv2
import numpy as np

from scanning._ocr import Box, Image

PALE = 60  # ink this close to the paper (of 255) is no writing: bleed-through is ~25
SHARE = 0.4  # … and well below the page's typical ink depth (hand-written ink is ~100)


def grey(image: Image) -> Image:
    """The page in grey levels (a grey page as it is)."""
    if image.ndim != 3:
        return image
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), dtype=np.uint8)


def depth(page: Image, box: Box) -> float:
    """How far a box's darkest ink stands from its paper (90th − 3rd percentile)."""
    x0, y0, x1, y1 = (max(0, v) for v in box)
    crop = page[y0:y1, x0:x1]
    if crop.size == 0:
        return 0.0
    lo, hi = np.percentile(crop, [3, 90])
    return float(hi - lo)
