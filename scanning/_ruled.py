"""A field crop without the ruled lines of the table cell it sits in.

A re-read crop is padded around the value's box, and in a bordered table the padding takes in
the cell's borders: a line pressed against the characters changes what the recogniser sees (宇
read 字 at 78 %, the top border taken for the dot; 98 % 宇 with the border painted out). A border
is told from print by what no character has: a run of at most a few rows (or columns) inked
along nearly the whole crop, in the crop's outer band, where the padding and the box's own edge
lie. A character's long stroke (一, the top of 田) spans its glyph, never the padded crop, and
lies nearer the middle.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = ["unruled"]

# Share of a row (column) inked for a ruled line; the ends of a border may stop short of the
# crop's corner where the perpendicular border crosses it.
LINE = 0.8
# Outer band of the crop where a border can lie, as a share of its height (width) either side.
BAND = 0.25
# Thickest border, as a share of the crop's height (width): a line, never a character.
THIN = 0.12
# Rows (columns) painted out beyond the inked run: the line's antialiased edges.
EDGE = 2


def unruled(piece: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """``piece`` (RGB) with each ruled line in its outer band painted the paper's colour."""
    grey = cv2.cvtColor(piece, cv2.COLOR_RGB2GRAY)
    paper = float(np.percentile(grey, 90))
    ink = grey < (paper + float(np.percentile(grey, 2))) / 2
    if paper - float(np.percentile(grey, 2)) < 40:
        return piece  # no print to tell lines in
    out = piece.copy()
    for axis in (0, 1):
        for a, b in _lines(ink.mean(axis=1 - axis)):
            lo, hi = max(0, a - EDGE), b + EDGE
            if axis == 0:
                out[lo:hi] = paper
            else:
                out[:, lo:hi] = paper
    return out


def _lines(share: NDArray[np.float64]) -> list[tuple[int, int]]:
    """Runs [a, b) of ``share`` at :data:`LINE` or more, thin and inside the outer band."""
    n = len(share)
    band, thin = BAND * n, max(2, THIN * n)
    runs, start = [], None
    for i, s in enumerate([*share, 0.0]):
        if s >= LINE and start is None:
            start = i
        elif s < LINE and start is not None:
            if i - start <= thin and (i <= band or start >= n - band):
                runs.append((start, i))
            start = None
    return runs
