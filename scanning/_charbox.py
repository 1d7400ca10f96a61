"""Where each character of a text line stands: the recogniser's own character positions.

The recogniser reads a line in steps of 8 pixels of its 48-pixel-high input and emits each
character at the steps where it sees it, so the steps of a character's emission place it on the
line. A step is about a quarter of a character there, too coarse to tell a normal space from a
lost comma; the crop is therefore stretched twice as wide before it is read (the recogniser
reads stretched print as well, measured on the kept bench pages), and each character's place is
the mean of the steps that carry it, weighted by its probability there.

What this serves: a character lost under a seal still stands on the paper, so its neighbours
stay apart by its width (two characters one em apart have nothing between them; two em apart
may hide a comma). Seals and re-readings cannot move printed characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning import _ocr
from scanning._ocr import Box, Image

STRETCH = 2.0  # horizontal stretch of the crop before it is read (steps per character × 2)
SCALE = 2.0  # the crop's upscaling, as for the remark re-readings
PAD = 4
_STEP = 8  # input pixels per output step of the recogniser
_NEAR = 3  # steps either side of a character's run that may still carry it
_WEIGHT = 0.02  # a step carrying less of the character than this does not place it


@dataclass(frozen=True)
class Glyph:
    """One character read on a line and the x of its centre on the page."""

    char: str
    x: float


def _stretched(img: Image, box: Box) -> tuple[Image, float, float]:
    """The crop of ``box`` upscaled and stretched, with the page x of its left edge and the
    page pixels per pixel of the stretched crop."""
    piece = _ocr._three(_ocr.crop(img, box, PAD))  # noqa: SLF001 - the package's own helper
    up = cv2.resize(piece, None, fx=SCALE * STRETCH, fy=SCALE, interpolation=cv2.INTER_CUBIC)
    return _ocr.u8(up), float(max(0, box[0] - PAD)), 1.0 / (SCALE * STRETCH)


def _runs(best: NDArray[np.intp]) -> list[tuple[int, int]]:
    """The (first, last) steps of each emitted character (greedy CTC: blank 0, repeats one)."""
    out, i = [], 0
    while i < len(best):
        if best[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < len(best) and best[j + 1] == best[i]:
            j += 1
        out.append((i, j))
        i = j + 1
    return out


def _placed(probs: NDArray[np.float32], charset: list[str], step_px: float) -> list[Glyph]:
    """Characters of one crop's probabilities with their x in crop pixels."""
    best = probs.argmax(axis=1)
    runs = _runs(best)
    out = []
    for n, (i, j) in enumerate(runs):
        lo = max(runs[n - 1][1] + 1 if n else 0, i - _NEAR)
        hi = min(runs[n + 1][0] if n + 1 < len(runs) else len(best), j + _NEAR + 1)
        c = int(best[i])
        w = probs[lo:hi, c].astype(np.float64)
        w[w < _WEIGHT] = 0.0
        steps = np.arange(lo, hi) + 0.5
        out.append(Glyph(charset[c], float((w * steps).sum() / w.sum()) * step_px))
    return out


def glyphs(img: Image, boxes: list[Box]) -> list[list[Glyph]]:
    """Per box of ``img``: its characters as read (spaces never emitted) with their centres'
    page x. One recognition per box, in one batch."""
    if not boxes:
        return []
    rec = _ocr.engine().text_rec
    charset: list[str] = rec.postprocess_op.character
    _, height, width = rec.rec_image_shape
    cut = [_stretched(img, b) for b in boxes]
    ratio = max([width / height] + [c.shape[1] / max(1, c.shape[0]) for c, _, _ in cut])
    batch = np.stack([rec.resize_norm_img(c, ratio) for c, _, _ in cut]).astype(np.float32)
    out = []
    for (crop, left, per), probs in zip(cut, rec.session(batch), strict=True):
        step_px = _STEP * crop.shape[0] / height  # crop pixels per step
        out.append([Glyph(g.char, left + g.x * per) for g in _placed(probs, charset, step_px)])
    return out


# -- room between two characters ---------------------------------------------------------------

ROOM = 0.3  # em of slack over the usual distance; a lost digit adds 0.5 em, a comma ~1 em
_THIN = ".-/:·"


def width(ch: str) -> float:
    """A character's advance in em: CJK and full-width forms 1, digits and Latin ½, thin
    marks (the dots of 2019.11.25) 0.3."""
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    return 0.3 if ch in _THIN else 0.5


def em(placed: Sequence[Glyph]) -> float | None:
    """The line's em in page pixels: the median distance of neighbouring CJK characters
    (two or more pairs), else twice that of neighbouring digits (three or more pairs: a date
    line alone); None when the line has too few of either."""
    pairs = list(zip(placed, placed[1:], strict=False))
    wide = [b.x - a.x for a, b in pairs if width(a.char) == width(b.char) == 1.0]
    if len(wide) >= 2:
        return float(np.median(wide))
    digits = [b.x - a.x for a, b in pairs if a.char.isdigit() and b.char.isdigit()]
    return 2.0 * float(np.median(digits)) if len(digits) >= 3 else None


def tight(a: Glyph, b: Glyph, size: float) -> bool:
    """Whether ``a`` and ``b`` stand too close for another character between them: no
    farther apart than their usual distance plus ``ROOM`` (``size``: the line's em)."""
    usual = (width(a.char) + width(b.char)) / 2
    return 0 < b.x - a.x <= (usual + ROOM) * size
