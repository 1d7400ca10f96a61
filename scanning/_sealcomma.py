"""A comma under a grey seal proved by the ink itself, not by the words around it.

On a greyscale scan a comma under a seal's rim is often lost by every reading (the recogniser
sees a dot on a grey arc) while the characters are read. Where the print is darker than the
seal's ink — the usual case: stamp ink is a thin film, print is toner or offset ink — the comma
still stands out: a small blob of print-dark ink in the lower half of the line, in the cell
right after a character, with nothing else print-dark in that cell. Such a blob is a comma's
place proved on the page; the words never decide it. Where the seal is as dark as the print,
or the cell holds more ink than a comma, nothing is proved and the remark stays in doubt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from scanning._ocr import Box, Image
from scanning._red_ink import RED_INK, redness
from scanning._seal_shape import Ring

__all__ = ["comma_after", "comma_in_cell", "ink_under_red_seal"]

SEPARATE = 25  # the seal's ink must be lighter than the print's by this much (8-bit grey)
CELL = (0.45, 1.35)  # where a comma's ink stands after a character's centre, in em
SIZE = (0.06, 0.5)  # a comma's height, in em (its print-dark core)
WIDE = 0.4  # a comma's width at most, in em
AREA = 0.006  # a comma's print-dark area at least, in em²
STRAY = 0.5  # other print-dark ink in the cell, as a share of the comma's, at most


def _grey(image: Image) -> np.ndarray:
    return np.asarray(image if image.ndim == 2 else image[..., 0])


def _seal_ink(grey: np.ndarray, ring: Ring) -> float | None:
    """The ring's ink level: per angle the darkest point across the rim, median over the
    angles where the rim is inked."""
    t = np.linspace(0, 2 * math.pi, 120, endpoint=False)[:, None]
    rr = np.linspace(0.9 * ring.r, 1.1 * ring.r, 9)[None, :]
    h, w = grey.shape
    xs = np.clip((ring.cx + rr * np.cos(t)).astype(int), 0, w - 1)
    ys = np.clip((ring.cy + rr * np.sin(t)).astype(int), 0, h - 1)
    darkest = grey[ys, xs].min(axis=1)
    paper = float(np.percentile(grey[::4, ::4], 90))
    inked = darkest[darkest < paper - 40]
    return float(np.median(inked)) if len(inked) >= 12 else None


def _print_ink(grey: np.ndarray, box: Box, rings: Sequence[Ring]) -> float | None:
    """The print's core ink level: the line's darkest pixels left of every seal over it."""
    x0, y0, x1, y1 = box
    for r in rings:
        span = r.crosses(box)
        if span is not None:
            x1 = min(x1, int(span[0]))
    if x1 - x0 < (y1 - y0):
        return None  # too little print free of the seal to measure
    return float(np.percentile(grey[y0:y1, x0:x1], 2))


def _hollow(blob: np.ndarray) -> bool:
    """Whether a blob encloses paper (a full stop 。 is a ring; a comma is solid)."""
    pad = np.pad(blob.astype(np.uint8), 1)
    outside = pad.copy()
    cv2.floodFill(outside, None, (0, 0), 1)
    return int((outside == 0).sum()) > 0


def comma_after(
    image: Image, box: Box, x: float, size: float, rings: Sequence[Ring]
) -> float | None:
    """The page x of a comma printed in the cell after the character centred at ``x`` on the
    line ``box`` (``size``: the line's em), proved by its print-dark ink; None when there is
    none or the seal's ink cannot be told from the print's."""
    grey = _grey(image)
    seals = [v for r in rings if r.crosses(box) and (v := _seal_ink(grey, r)) is not None]
    core = _print_ink(grey, box, rings)
    if not seals or core is None or min(seals) - core < SEPARATE:
        return None
    return comma_in_cell(grey, box, x, size, (core + min(seals)) / 2)


def comma_in_cell(
    grey: np.ndarray, box: Box, x: float, size: float, thr: float, stop: bool = False
) -> float | None:
    """The page x of a comma's ink (darker than ``thr``) in the cell after the character
    centred at ``x`` on the line ``box`` (``size``: the line's em): one solid blob, as small as
    a comma, in the line's lower half, with little else dark in the cell; None otherwise.
    ``stop``: a blob enclosing paper (a full stop's ring 。) counts as well."""
    y0, y1 = box[1], box[3]
    mid = (y0 + y1) / 2
    a, b = int(x + CELL[0] * size), int(x + CELL[1] * size)
    b = min(b, grey.shape[1])
    if b - a < 3:
        return None
    dark = (grey[y0:y1, a:b] < thr).astype(np.uint8)
    n, labels, stats, centres = cv2.connectedComponentsWithStats(dark, connectivity=8)
    # ink touching the cell's left edge is the character's own (its place is measured roughly)
    blobs = sorted((i for i in range(1, n) if stats[i, cv2.CC_STAT_LEFT] > 0),
                   key=lambda i: -stats[i, cv2.CC_STAT_AREA])  # fmt: skip
    if not blobs:
        return None
    i = blobs[0]
    bx, by, bw, bh, area = (int(v) for v in stats[i])
    stray = sum(int(stats[j, cv2.CC_STAT_AREA]) for j in blobs[1:])
    comma = (
        (stop or not _hollow(labels[by : by + bh, bx : bx + bw] == i))
        and SIZE[0] * size <= bh <= SIZE[1] * size
        and bw <= WIDE * size
        and area >= AREA * size * size
        and y0 + by >= mid - 0.1 * size  # in the line's lower half, below a character's middle
        and stray <= STRAY * area
    )
    return a + float(centres[i][0]) if comma else None


RED_CELL = 0.04  # share of a cell's pixels in a red seal's ink for the seal to cover it
SEAL_DARKEST = 10  # percentile of the red seal's own ink, in the red channel, near the cell


def ink_under_red_seal(
    image: Image, box: Box, x: float, size: float, core: float, paper: float
) -> bool:  # fmt: skip
    """Whether the cell after the character centred at ``x`` on the line ``box`` holds ink
    darker than a red seal's over it: a mark (a hand's faint 。) the seal's strokes crowd, so
    ``comma_in_cell`` finds no clean blob. In the red channel a red seal turns light but never
    white, and a faint hand is as light; a stroke over the seal or beside it is darker than
    the seal's own darkest ink near the cell (``SEAL_DARKEST``) by ``SEPARATE``, and not red
    itself. Any such ink the size of a mark, apart from the character's own, says something
    is written there (``core``/``paper``: the line's print and paper levels)."""
    y0, y1 = box[1], box[3]
    a, b = int(x + CELL[0] * size), min(int(x + CELL[1] * size), image.shape[1])
    if b - a < 3 or image.ndim != 3:
        return False
    cell = np.asarray(image[y0:y1, a:b])
    if float((redness(cell) > RED_INK).mean()) < RED_CELL:
        return False  # no red seal over the cell: the print-dark rules above decide
    near = np.asarray(image[y0:y1, max(0, a - int(size)) : b + int(size)])
    seal = near[..., 0][redness(near) > RED_INK]
    thr = min((core + paper) / 2, float(np.percentile(seal, SEAL_DARKEST)) - SEPARATE)
    # the seal's own ink however dense (a blot, a stroke over its ring) stays red
    dark = ((cell[..., 0] < thr) & (redness(cell) <= RED_INK)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    return any(
        stats[i, cv2.CC_STAT_LEFT] > 0  # ink touching the left edge is the character's own
        and stats[i, cv2.CC_STAT_AREA] >= AREA * size * size
        and SIZE[0] * size <= stats[i, cv2.CC_STAT_HEIGHT] <= SIZE[1] * size
        for i in range(1, n)
    )

