"""Remarks written in red ink: a rubber-stamped box (照片脱落，重新粘贴照片并加盖钢印 /
2025.05.10) or a red pen.

The page reader drops red ink to free the print under round seals, so a remark in red vanished
with the seals and the booklet was accepted without it. Red ink that stands outside every seal
ring is read on its own (the red view of ``_stamps``: red ink dark, black print gone), and its
rows join the page's lines to be paired into entries like print. The check costs no reading
on a page whose red ink is only its seals; only a page with red text outside them is read again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np

from scanning import _ocr, _seal_shape, _stamps
from scanning._layout import SEAL_WORDS, shared
from scanning._ocr import Image, Line
from scanning._seal_shape import Ring

__all__ = ["added", "outside_seals"]

# Share of the page's pixels that must be red ink outside every seal ring: a few characters of
# stamped text (a seal's stray spatter or a red rule's fragment stays below it).
TEXT_INK = 0.0015
RING_ROOM = 1.15  # a seal's ink reaches this many radii from its centre (a double strike, a smear)
PAPER = 90  # percentile of a page's pixels, per channel, that is its paper
MIN_CHARS = 1  # a wrapped remark may end in one character on its own line (钢 / 印)


def outside_seals(image: Image) -> tuple[Image | None, tuple[Ring, ...]]:
    """The page's red view and its seal rings when red ink stands outside every ring in the
    amount a written line leaves; (None, ()) otherwise (no colour, no red, or only seals)."""
    view = _stamps.red_view(_white_paper(image)) if image.ndim == 3 else None
    if view is None:
        return None, ()
    rings = tuple(_seal_shape.rings(view))
    ink = view[..., 0] < 128
    mask = np.zeros(ink.shape, np.uint8)
    for r in rings:
        cv2.circle(mask, (int(r.cx), int(r.cy)), int(RING_ROOM * r.r), 1, -1)
    share = float((ink & (mask == 0)).mean())
    return (view, rings) if share >= TEXT_INK else (None, ())


def _white_paper(image: Image) -> Image:
    """The page with its paper made white, channel by channel: under dim or warm light a red
    stamp's ink is dark crimson (121, 55, 65 on 187, 185, 173 paper) and less red than a red
    view asks, though the page reader dropped it with the seals."""
    paper = np.percentile(image[::4, ::4].reshape(-1, 3), PAPER, axis=0)
    scale = 255.0 / np.maximum(paper, 1.0)
    # Each channel holds only 256 levels: each level's new value, then a table look-up (the
    # same values as scaling every pixel, at a fiftieth of the CPU).
    levels = np.arange(256, dtype=np.float32)[:, None] * scale
    table = levels.clip(0, 255).astype(np.uint8).reshape(256, 1, 3)
    return _ocr.u8(cv2.LUT(np.ascontiguousarray(image), table))


def _kept(row: Line, rings: Sequence[Ring], lines: Sequence[Line]) -> bool:
    in_ring = any(r.holds(row.box, RING_ROOM) for r in rings)
    words = len(re.sub(r"\W", "", row.text))
    printed = any(shared(row.box, ln.box) > 0.5 for ln in lines if ln not in _part(row, lines))
    return not in_ring and words >= MIN_CHARS and not printed and not SEAL_WORDS.search(row.text)


def _words(text: str) -> str:
    return re.sub(r"[\W_]", "", text)


def _part(row: Line, lines: Sequence[Line]) -> list[Line]:
    """The page's lines that are a piece of the red ``row``: within its box and their words a
    shorter run of its words (因原证书污损 of 因原证书污损，予以换发，原证书). The page reader,
    which drops red ink, kept only the darkest strokes of such a line; the red view read it
    whole (or the same words surer), so it takes the piece's place."""
    mine = _words(row.text)
    return [
        ln for ln in lines
        if shared(ln.box, row.box) > 0.5 and (w := _words(ln.text)) and w in mine
        and len(w) <= len(mine)
    ]  # fmt: skip


def added(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with the red text rows of the page outside its seals, in reading order; a red
    row replaces the pieces of it the page reader read (``_part``)."""
    view, rings = outside_seals(image)
    if view is None:
        return lines
    red = [row for row in _ocr.read(view) if _kept(row, rings, lines)]
    gone = {id(ln) for row in red for ln in _part(row, lines)}
    kept = [ln for ln in lines if id(ln) not in gone]
    return sorted([*kept, *red], key=lambda ln: (ln.box[1], ln.box[0])) if red else lines
