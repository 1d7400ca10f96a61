"""Faint photo edges: a white photo background against pale or patterned paper differs by a few
grey levels or by texture only, but consistently along the whole edge. A frameless estimate of the
photo box moves to such an edge where one is found, and stays where it is otherwise."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Box, Image

Floats = NDArray[np.float32]
_SEARCH = 0.12  # how far (share of the box side) an edge may lie from the estimate
_BAND = 4  # pixels averaged on each side of a candidate edge
_MIN_STEP = 2.0  # Lab units (texture counts alike) a real edge differs by


def _features(img: Image) -> Floats:
    """Per pixel: L, a, b and local texture (guilloche and print pattern vs a flat photo)."""
    lab = cv2.cvtColor(img, cv2.COLOR_RGB2LAB).astype(np.float32)
    lum = lab[..., 0]
    # A 3 × 3 window: a wider one carries the paper's texture into the photo and biases the edge.
    mean = cv2.blur(lum, (3, 3))
    texture = np.sqrt(np.maximum(cv2.blur(lum * lum, (3, 3)) - mean * mean, 0))
    return np.dstack([lab, texture]).astype(np.float32)


def _best_step(profile: Floats, lo: int, hi: int) -> int | None:
    """Index in [lo, hi) where the mean feature vector changes most, if it changes enough."""
    n = profile.shape[0]
    best, where = 0.0, None
    for i in range(max(lo, _BAND), min(hi, n - _BAND)):
        after, before = profile[i : i + _BAND].mean(0), profile[i - _BAND : i].mean(0)
        step = float(np.linalg.norm(after - before))
        if step > best:
            best, where = step, i
    return where if best >= _MIN_STEP else None


def refine(img: Image, box: Box, head_top: int | None = None) -> Box:
    """Move the left, right and top sides of ``box`` to faint edges near them, keeping the
    bottom (the shoulders end where the photo ends). ``head_top`` (the figure's first row)
    bounds the search for the top edge: the photo starts above the head."""
    x0, y0, x1, y1 = box
    h, w = img.shape[:2]
    bw, bh = x1 - x0, y1 - y0
    if bw < 10 or bh < 10:
        return box
    feat = _features(img)
    # Beside the head, above the shoulders, only the photo background meets the paper.
    start = y0 + bh // 10 if head_top is None else head_top
    rows = feat[max(0, start) : max(1, start + int(bh * 0.35))]
    dx = int(bw * _SEARCH)
    cols = rows.mean(axis=0)
    left = _best_step(cols, x0 - dx, x0 + dx)
    right = _best_step(cols, x1 - dx, x1 + dx)
    nx0 = left if left is not None else x0
    nx1 = right if right is not None else x1
    strip = feat[:, max(0, nx0) : min(w, nx0 + (nx1 - nx0) // 4)]
    dy = int(bh * _SEARCH)
    end = y0 + dy if head_top is None else max(y0 - dy + 1, head_top - _BAND)
    top = _best_step(strip.mean(axis=1), y0 - dy, end) if strip.size else None
    ny0 = top if top is not None else y0
    if left is not None and right is not None and top is None:
        ny0 = int(y1 - (nx1 - nx0) * 35 / 25)
    return (nx0, max(0, ny0), nx1, y1)
