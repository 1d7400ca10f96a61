"""Dotted leaders between a label and its value (姓　名 ………… 邓勇祥).

The recogniser reads a line of leader dots and the value's first characters as dots, and drops
them together (名勇祥 for 名……邓勇祥, 2424… for ……222424…): every re-read of the whole line
loses the same characters, so no vote among readings can bring them back. The value is read
from right of the leader instead: the leader is a chain of small marks, evenly spaced, low on
the line, and where the chain ends the value begins.
"""

from __future__ import annotations

import cv2
import numpy as np

from scanning._ocr import REREAD_PAD, Box, Image

_DOTS = 6  # marks a leader has at least
_DOT = 0.25  # a dot's larger side, at most, in line heights
_STEP = 0.6  # the widest step between two dots of a leader, in line heights


def _marks(page: Image, box: Box) -> list[tuple[int, int, int, int]] | None:
    x0, y0, x1, y1 = box
    crop = page[max(0, y0) : y1, max(0, x0) : x1]
    if crop.size == 0:
        return None
    gray = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    return [tuple(int(v) for v in s[:4]) for s in stats[1:]]  # type: ignore[misc]


Dot = tuple[float, float, float]


def _chains(dots: list[Dot], h: int) -> list[list[Dot]]:
    """Runs of dots (centre x, right edge, centre y) left to right, each close to the last
    and on its baseline."""
    chains: list[list[Dot]] = []
    for d in dots:
        last = chains[-1][-1] if chains else None
        if last is not None and d[0] - last[0] <= _STEP * h and abs(d[2] - last[2]) <= 0.12 * h:
            chains[-1].append(d)
        else:
            chains.append([d])
    return chains


def _even(chain: list[Dot]) -> bool:
    """A printed leader's dots are evenly spaced."""
    steps = np.diff([d[0] for d in chain])
    mid = float(np.median(steps))
    return mid > 0 and bool(np.all((steps >= 0.5 * mid) & (steps <= 1.6 * mid)))


def value_box(page: Image, box: Box) -> Box | None:
    """The part of a field's line right of a dotted leader, or None when the line has none."""
    marks = _marks(page, box)
    h = box[3] - box[1]
    if not marks or h < 8:
        return None
    # A dot is about as tall as wide: a ruling under the line, broken into flat pieces where
    # the print crosses it or a photo blurs it, is evenly spaced too.
    dots = sorted((x + w / 2, float(x + w), y + hh / 2) for x, y, w, hh in marks
                  if max(w, hh) <= _DOT * h and y + hh / 2 > 0.45 * h and w * hh >= 2
                  and w <= 2 * hh + 1)  # fmt: skip
    leaders = [c for c in _chains(dots, h) if len(c) >= _DOTS and _even(c)]
    if not leaders:
        return None
    end = max(d[1] for d in leaders[-1])
    # The value starts at the first mark past the leader; the cut leaves a re-read's padding
    # clear of the last dot where the gap allows.
    start = min((x for x, _, w, _ in marks if x >= end), default=None)
    if start is None or box[2] - (box[0] + start) < h:
        return None
    return (box[0] + int(min(end + REREAD_PAD + 1, start - 1)), box[1], box[2], box[3])
