"""Whether a rubber stamp's border holds nothing but the rows read from it.

A stamp is chopped whole: what it prints lies inside its border. When every stroke of ink
inside the border belongs to a row the reader read (or to the border itself), nothing the stamp
printed went unread: a field it does not show (a decision date, an office) is not printed, not
lost. A row the detector missed, a date half under a seal, a seal crossing the stamp, all leave
ink inside the border outside the rows read, and the stamp is not proved whole. The border
itself is what runs in from each edge about as far as that side usually does: a phone photo
bends a side by a pixel or two here and there, and that step is still the border, while a blot
or a stroke touching the border reaches further in and is not.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Box, Image

__all__ = ["frame_of", "holds_only"]

TIGHT_W = 4.0  # a stamp's border is at most this many row heights wider than its rows
TIGHT_H = 3.0  # and this many taller
PAD = 0.35  # row boxes are widened by this share of the row height on each side
SPECK = 0.02  # a component smaller than this share of a row height squared is a speck
INK = 0.5  # share of the crop's darkest level (from its paper) above which a pixel is ink
MIN_CONTRAST = 40.0  # paper minus darkest level below this: no ink to speak of
TILT = 0.09  # slope of a border turned 5°, the most a stamp is taken turned by
EDGE = 3  # pixels of a border's own width inside the box found round it
SLIVER = 2  # pixels a side's run of ink from the edge may exceed its usual run and be the side
COLOUR = 40  # chroma (8-bit) above the band's usual at which a pixel is coloured ink
SIDE = 0.25  # share of a third of a side's columns its ink must show to give the slope


def frame_of(rows: Sequence[Box], frames: Sequence[Box]) -> Box | None:
    """The smallest of ``frames`` that holds every row and fits them as a stamp's border does
    (at most a few row heights wider and taller); None when none does."""
    if not rows:
        return None
    x0, y0 = min(r[0] for r in rows), min(r[1] for r in rows)
    x1, y1 = max(r[2] for r in rows), max(r[3] for r in rows)
    h = min(r[3] - r[1] for r in rows)
    fits = [
        f for f in frames
        if f[0] - h <= x0 and f[1] - h <= y0 and x1 <= f[2] + h and y1 <= f[3] + h
        and f[2] - f[0] <= (x1 - x0) + TIGHT_W * h and f[3] - f[1] <= (y1 - y0) + TIGHT_H * h
    ]  # fmt: skip
    return min(fits, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]), default=None)


def holds_only(view: Image, frame: Box, rows: Sequence[Box]) -> bool:
    """Every stroke of ink inside ``frame`` (of ``view``, ink dark on light paper) is the
    border's or lies in one of ``rows``: the stamp printed nothing that was not read. The
    border is what stands within its slope's reach of the box's edges."""
    if not rows:
        return False
    x0, y0, x1, y1 = (max(0, int(v)) for v in frame)
    crop = np.asarray(view[y0:y1, x0:x1])
    if crop.ndim == 3:
        crop = crop.min(axis=2)
    if crop.size == 0:
        return False
    paper = float(np.percentile(crop, 90))
    dark = float(crop.min())
    if paper - dark < MIN_CONTRAST:
        return False  # no ink read at all: rows said to be here are not
    ink: NDArray[np.bool_] = np.asarray(crop < paper - INK * (paper - dark))
    h = min(r[3] - r[1] for r in rows)
    ch, cw = ink.shape
    # the border, turned a little, strays inside the box by its slope times its length
    tilt = _tilt(ink)
    my, mx = int(tilt * cw) + EDGE, int(tilt * ch) + EDGE
    inside = np.zeros_like(ink)
    inside[my : max(my, ch - my), mx : max(mx, cw - mx)] = True
    inside &= ~_border(ink)
    pad = PAD * h
    for r in rows:
        inside[max(0, int(r[1] - y0 - pad)) : max(0, int(r[3] - y0 + pad)),
               max(0, int(r[0] - x0 - pad)) : max(0, int(r[2] - x0 + pad))] = False  # fmt: skip
    n, _, stats, _ = cv2.connectedComponentsWithStats(
        (ink & inside).astype(np.uint8), connectivity=8)
    return not any(stats[k, cv2.CC_STAT_AREA] >= SPECK * h * h for k in range(1, n))


def _runs(ink: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The top side's own ink: in each column, the run of ink that starts within ``EDGE``
    pixels of the top edge, when it ends at most ``SLIVER`` pixels below where the side's
    runs usually (median) end."""
    ch, cw = ink.shape
    ends = np.zeros(cw, dtype=int)
    starts = np.zeros(cw, dtype=int)
    for x in range(cw):
        col = ink[:, x]
        first = int(col.argmax())
        if not col[first] or first > EDGE:
            continue
        gap = np.flatnonzero(~col[first:])
        starts[x], ends[x] = first, first + (int(gap[0]) if len(gap) else ch - first)
    keep = ends <= float(np.median(ends)) + SLIVER
    rows = np.arange(ch)[:, None]
    return np.asarray((rows >= starts[None, :]) & (rows < ends[None, :]) & keep[None, :])


def _border(ink: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The border's own ink along the four sides, however a photo bends it: each line's run of
    ink from the edge inward, when it is no more than ``SLIVER`` pixels longer than that side's
    usual run (a side one or two pixels thicker here and there is the border; ink reaching
    further in, a blot or a stroke touching the border, is not)."""
    out = _runs(ink) | _runs(ink[::-1])[::-1]
    out |= _runs(ink.T).T | _runs(ink.T[::-1])[::-1].T
    return np.asarray(out)


def _tilt(ink: NDArray[np.bool_]) -> float:
    """The border's slope (rise over run) from its top and bottom sides: where the first ink
    from the edge stands in the left and in the right third of the box (the low quartile: a
    worn border's gaps show the letters behind); ``TILT`` when a side shows too little."""
    ch, cw = ink.shape
    third = max(1, cw // 3)
    slopes = []
    for side in (ink[: ch // 3], ink[::-1][: ch // 3]):
        hit = np.asarray(side.any(axis=0))
        first = np.asarray(side.argmax(axis=0))
        ends = [first[cols][hit[cols]] for cols in (slice(0, third), slice(cw - third, cw))]
        if any(len(e) < SIDE * third for e in ends):
            return TILT
        left, right = (float(np.percentile(e, 25)) for e in ends)
        slopes.append(abs(right - left) / max(1.0, cw - third))
    return float(min(max(slopes), TILT))


def box_of(frame: Box, frames: Sequence[Box]) -> Box | None:
    """The smallest of ``frames`` that holds ``frame`` and is larger: the printed box of the
    registration page the stamp was chopped in (None when there is none)."""
    around = [
        f for f in frames
        if f[0] <= frame[0] and f[1] <= frame[1] and frame[2] <= f[2] and frame[3] <= f[3]
        and (f[2] - f[0]) * (f[3] - f[1]) > 1.5 * (frame[2] - frame[0]) * (frame[3] - frame[1])
    ]  # fmt: skip
    return min(around, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]), default=None)


def alone(image: Image, frame: Box, box: Box, height: float) -> bool:
    """No coloured ink (red, purple, blue: a seal of any ink) stands in the page's band of
    ``box``'s rows, across the whole page, outside the stamp's ``frame``: no seal, whole or in
    part, beside the stamp (``image``: the page in colour; ``height``: a row's, to tell a speck
    from a stroke)."""
    if image.ndim != 3:
        return False
    band = np.asarray(image[max(0, int(box[1])) : int(box[3])]).astype(np.int16)
    if band.size == 0:
        return False
    chroma = band.max(axis=2) - band.min(axis=2)
    ink = (chroma > float(np.median(chroma)) + COLOUR).astype(np.uint8)
    pad, y0 = int(PAD * height), max(0, int(box[1]))
    fx0, fy0 = max(0, int(frame[0]) - pad), max(0, int(frame[1]) - y0 - pad)
    ink[fy0 : max(0, int(frame[3]) - y0 + pad), fx0 : int(frame[2]) + pad] = 0
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return not any(stats[k, cv2.CC_STAT_AREA] >= SPECK * height * height for k in range(1, n))
