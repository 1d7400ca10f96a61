"""A number's box cut tight to the number's own print, without the label, leader or neighbour
the box also holds.

A line detector boxes what stands close on a line as one line: 证书号码…… 2001373443102235 6
on a dotted-leader layout, a number and the next cell's text. Read as one crop, stretched so the
recogniser has more steps per digit, the label's wide characters and the leader's dots come out
distorted and the digits beside them are read merged or lost (two to four of 17). The number
itself is one run of glyphs set at a digit's pitch, while the label and leader end, and a
neighbour begins, past a blank gap wider than any gap between a number's digits (a typeset
number never breaks at a space; a 1's side bearings leave well under a quarter of the line's
height). So the crop's widest piece of ink between such gaps is the number, and it is read on
its own. A box that holds nothing beside its number has no such gap: no tight box (None).
"""

from __future__ import annotations

import numpy as np

from scanning._layout import ink_runs
from scanning._ocr import Box, Image

GAP = 0.2  # a blank gap this many line heights wide parts the number from what stands beside it
PAD = 0.15  # line heights of paper kept around the number's ink (the recogniser wants a margin)
DIGIT = 0.3  # a digit's narrowest advance in line heights: the number's piece is this wide a digit
# Darkness above the paper, as a share of the box's own range, that counts as ink: the print,
# not the paper's grain, a guilloche's faint lines or a JPEG's ringing.
INK = 0.45


def _ink_columns(image: Image, box: Box) -> np.ndarray:
    """Per column of ``box``, whether it holds ink (the darkest channel, against the box's
    own paper and print levels)."""
    x0, y0, x1, y1 = box
    part = image[y0:y1, x0:x1]
    grey = part.min(axis=2) if part.ndim == 3 else part
    grey = grey.astype(np.float32)
    paper, dark = float(np.percentile(grey, 90)), float(np.percentile(grey, 2))
    if paper - dark < 40:
        return np.zeros(grey.shape[1], bool)  # no print to speak of
    ink = grey < paper - INK * (paper - dark)
    return np.asarray(ink.sum(axis=0) >= 1, dtype=bool)


def ink_pieces(cols: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """The runs of inked columns, joined across blanks no wider than ``gap`` (start, end)."""
    return [(lo, hi + 1) for lo, hi in ink_runs(np.flatnonzero(cols).tolist(), gap)]


def tight(image: Image, box: Box, digits: int) -> Box | None:
    """``box`` cut to its widest piece of ink between blank gaps of :data:`GAP` line heights,
    with a margin of paper short of its neighbours; None when the box holds one piece only
    (nothing beside the number), the widest is too narrow to hold ``digits`` digits, or what
    is cut off is less than a line height (the same crop again, for nothing)."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    if h <= 0 or x1 - x0 <= h:
        return None
    pieces = ink_pieces(_ink_columns(image, box), max(2, int(round(GAP * h))))
    if len(pieces) < 2:
        return None
    start, end = max(pieces, key=lambda p: p[1] - p[0])
    if end - start < DIGIT * h * digits:
        return None
    k = pieces.index((start, end))
    before = pieces[k - 1][1] if k > 0 else -x1
    after = pieces[k + 1][0] if k + 1 < len(pieces) else x1 + x1
    pad = int(round(PAD * h))
    left = max(0, start - min(pad, (start - before) // 2))
    right = min(x1 - x0, end + min(pad, (after - end) // 2))
    if left + (x1 - x0 - right) < h:
        return None
    return x0 + left, y0, x0 + right, y1
