"""Frameless photo candidates: blobs darker or more colourful than the paper, thick enough to be
hair, clothes or a coloured background, each turned into a photo-sized box around the figure.
A face as pale as the paper splits the figure into hair and clothes: a head over its shoulders
is joined back into one candidate."""

from __future__ import annotations

from typing import Any, NamedTuple

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Box, Image, u8

Floats = NDArray[np.float32]
# A printed photo (1-inch 25 × 35 mm up to 小2寸 33 × 48 mm) on a 145 mm page.
PHOTO_H = (0.17, 0.40)
STANDARD_ASPECT = 25 / 35
_ROUND5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))  # wider than any print stroke


def _paper_level(lum: Floats) -> Floats:
    """Paper brightness as a smooth surface (uneven light, phone vignetting): a quadratic fitted
    to the brightest pixels of a grid of tiles, tiles far darker than the page left out."""
    h, w = lum.shape
    ys, xs = np.mgrid[0:10, 0:8]
    y, x = ((ys + 0.5) / 10).ravel(), ((xs + 0.5) / 8).ravel()
    v = _tile_levels(lum, 10, 8).ravel()
    keep = v > np.median(v) - 30
    terms = [np.ones_like(x), x, y, x * x, y * y, x * y]
    coef, *_ = np.linalg.lstsq(np.stack(terms, 1)[keep], v[keep], rcond=None)
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    gy, gx = (gy + 0.5) / h, (gx + 0.5) / w
    grid = [np.ones_like(gx), gx, gy, gx * gx, gy * gy, gx * gy]
    return np.asarray(sum(c * t for c, t in zip(coef, grid, strict=True)), np.float32)


def _tile_levels(lum: Floats, rows: int, cols: int) -> NDArray[np.float64]:
    """The 90th percentile of each tile of a rows × cols grid, as ``np.percentile`` gives it
    tile by tile, but one call per tile size (a grid has at most four) instead of one per
    tile: the per-call overhead was most of the photo search's paper level."""
    h, w = lum.shape
    out = np.empty((rows, cols), np.float64)
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i in range(rows):
        for j in range(cols):
            size = ((i + 1) * h // rows - i * h // rows, (j + 1) * w // cols - j * w // cols)
            groups.setdefault(size, []).append((i, j))
    for members in groups.values():
        stack = np.stack([lum[i * h // rows : (i + 1) * h // rows,
                              j * w // cols : (j + 1) * w // cols].reshape(-1)
                          for i, j in members])  # fmt: skip
        for (i, j), level in zip(members, np.percentile(stack, 90, axis=1), strict=True):
            out[i, j] = float(level)
    return out


def _solid(small: Image) -> Image:
    """Pixels darker or more colourful than the paper, in regions too thick to be print: hair,
    clothes, a coloured background. Text, table rules, seal rings and patterns drop out."""
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB).astype(np.float32)
    lum = lab[..., 0]
    chroma = np.hypot(lab[..., 1] - 128, lab[..., 2] - 128)
    ink = (_paper_level(lum) - lum > 24) | (chroma - float(np.median(chroma)) > 14)
    mask = cv2.morphologyEx(ink.astype(np.uint8) * 255, cv2.MORPH_OPEN, _ROUND5)
    return u8(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8)))


def _box_from_blob(mask: Image, x: int, y: int, w: int, h: int) -> tuple[Box, bool]:
    """The photo around a figure blob, and whether the blob fills it: the blob itself when it
    fills a photo-shaped rectangle (a coloured background); else as wide as the shoulders, its
    bottom at theirs, 25:35 tall."""
    blob = mask[y : y + h, x : x + w] > 0
    fill = float(blob.mean())
    if fill > 0.85 and 0.6 < w / h < 0.85:
        return (x, y, x + w, y + h), True
    cols = np.flatnonzero(blob[-max(2, h // 10) :].any(axis=0))
    left, right = x + int(cols[0]), x + int(cols[-1]) + 1
    if right - left < w / 2:
        # Shoulders are the figure's widest part: a bottom this narrow is one corner of a
        # coloured background beside a pale shirt, so the figure's middle is the blob's.
        left, right = x, x + w
    pw = float(max(right - left, w))
    ph = max(pw / STANDARD_ASPECT, h / 0.92)
    pw = ph * STANDARD_ASPECT
    cx = (left + right) / 2
    return (int(cx - pw / 2), int(y + h - ph), int(cx + pw / 2), y + h), False


def _stacked(stats: NDArray[np.integer[Any]]) -> list[tuple[int, int, int, int, int]]:
    """Blobs, plus each head over its clothes as one blob: a face as pale as the paper leaves
    the hair and the clothes apart (on a bitonal scan, always). A head is narrower than the
    shoulders, centred over them, and the gap between them (the face and neck) at most three
    times the hair's height (a short crop of hair over a long face and neck)."""
    blobs = [(int(x), int(y), int(w), int(h), int(a)) for x, y, w, h, a in stats[1:]]
    out = list(blobs)
    for hx, hy, hw, hh, ha in blobs:
        for cx, cy, cw, ch, ca in blobs:
            gap = cy - (hy + hh)
            centre = hx + hw / 2
            if 0 <= gap <= 3 * hh and hw < cw and cx + 0.3 * cw < centre < cx + 0.7 * cw:
                top, left = hy, min(hx, cx)
                right, bottom = max(hx + hw, cx + cw), cy + ch
                out.append((left, top, right - left, bottom - top, ha + ca))
    return out


class Blob(NamedTuple):
    """A figure-sized solid blob: the photo box estimated around it (work-scale coordinates),
    its top row (the top of the head, or of a coloured background), whether it fills the box,
    and its own left edge and width."""

    box: Box
    top: int
    filled: bool
    x: int
    width: int


def frameless(small: Image) -> list[Blob]:
    """Candidate photo boxes around figure-sized solid blobs (``Blob``)."""
    mask = _solid(small)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    ph, pw = mask.shape
    out: list[Blob] = []
    for x, y, w, h, area in _stacked(np.asarray(stats)):
        if not PHOTO_H[0] * 0.75 * ph <= h <= PHOTO_H[1] * ph or not 0.06 * pw < w < 0.6 * pw:
            continue
        if area < 0.2 * w * h:
            continue
        box, filled = _box_from_blob(mask, int(x), int(y), int(w), int(h))
        out.append(Blob(box, int(y), filled, int(x), int(w)))
    return out
