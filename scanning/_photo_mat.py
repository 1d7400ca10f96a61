"""The photo inside its frame: a booklet's printed frame (贴照片处) is larger than the photo glued
into it, and a phone photo leaves the print a little tilted, so a frame's rectangle (or a box
drawn around a tilted photo) holds a margin of paper around the photo. Rows and columns that are
mostly the paper seen just outside the box are cut off each side, up to the photo's own edge."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Box, Image

Floats = NDArray[np.float32]
_RING = (3, 8)  # the paper is sampled this far outside the box, beyond any frame line
_EDGE_RUN = 3  # lines of photo in a row: a printed frame line is thinner
_MAX_CUT = 0.15  # no side moves further in than this share of the box
_PAPER_DE = 10.0  # Lab distance within which a pixel is the paper


def _paper(lab: Floats, box: Box) -> Floats | None:
    """The paper's colour: the median of a thin ring just outside ``box``, clear of a frame
    line drawn along it; None when the box fills the page (no paper to see)."""
    x0, y0, x1, y1 = box
    h, w = lab.shape[:2]
    a, b = _RING[0], _RING[1]
    parts = [
        lab[max(0, y0 - b) : max(0, y0 - a), max(0, x0) : x1],
        lab[min(h, y1 + a) : min(h, y1 + b), max(0, x0) : x1],
        lab[max(0, y0) : y1, max(0, x0 - b) : max(0, x0 - a)],
        lab[max(0, y0) : y1, min(w, x1 + a) : min(w, x1 + b)],
    ]
    ring = np.concatenate([p.reshape(-1, 3) for p in parts])
    return np.median(ring, axis=0).astype(np.float32) if ring.shape[0] >= 20 else None


def _cut(paper_share: Floats, limit: int) -> int:
    """How many lines to cut from the start of ``paper_share`` (each line's share of paper
    pixels): up to the first run of ``_EDGE_RUN`` lines that are mostly not paper (the photo),
    past paper and the thin frame line printed around it; ``limit`` when there is none."""
    run = 0
    for i in range(min(limit + _EDGE_RUN, paper_share.shape[0])):
        run = run + 1 if paper_share[i] < 0.5 else 0
        if run == _EDGE_RUN:
            return i + 1 - _EDGE_RUN
    return limit


def unmatted(img: Image, box: Box) -> Box:
    """``box`` with the paper margin around the photo cut off each side (unchanged where a side
    shows no margin, or where the margin would run past ``_MAX_CUT`` of the box: a white
    photo background on white paper is no margin)."""
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    if bw < 20 or bh < 20:
        return box
    # Only the box and the ring round it are converted: a page holds several candidates.
    ox, oy = max(0, x0 - _RING[1]), max(0, y0 - _RING[1])
    part = img[oy : y1 + _RING[1], ox : x1 + _RING[1]]
    lab = cv2.cvtColor(part, cv2.COLOR_RGB2LAB).astype(np.float32)
    paper = _paper(lab, (x0 - ox, y0 - oy, x1 - ox, y1 - oy))
    if paper is None:
        return box
    near = np.linalg.norm(lab[y0 - oy : y1 - oy, x0 - ox : x1 - ox] - paper, axis=2) < _PAPER_DE
    # Each side is judged on its middle 80 %: the corners belong to two sides.
    rows = near[:, bw // 10 : bw - bw // 10].mean(axis=1)
    cols = near[bh // 10 : bh - bh // 10].mean(axis=0)
    lim_x, lim_y = int(bw * _MAX_CUT), int(bh * _MAX_CUT)
    cuts = (
        _cut(cols, lim_x),
        _cut(rows, lim_y),
        _cut(cols[::-1], lim_x),
        _cut(rows[::-1], lim_y),
    )
    limits = (lim_x, lim_y, lim_x, lim_y)
    # A side cut all the way to the limit found no edge: the photo's background is the paper's.
    c = [0 if cut >= lim else cut for cut, lim in zip(cuts, limits, strict=True)]
    if not any(c[:3]):
        # No margin above or beside the photo: what lies below the clothes is the photo's own
        # white background (or paper just like it), not a margin to cut.
        c[3] = 0
    return (x0 + c[0], y0 + c[1], x1 - c[2], y1 - c[3])
