"""A remark date whose digit a grey seal's ring stroke crosses.

On a greyscale scan the seal cannot be filtered out, and its ring is a line as dark as print:
where it runs through a digit it can make that digit another one (the bowl of 5 closed into
6) in every reading alike, so readings that agree prove nothing there. ``_seal_proof`` asks
whether a digit may be *lost* under a seal; this asks whether one may be *changed* by the
ring's stroke, and the date is then flagged for a look.

The ring only lays ink over the print, it never takes the print's ink away: the digit read
where it crosses can only be a digit of fewer strokes made into it (``_added_strokes``: 5 into
6, 3 into 8, 1 into 7). A digit nothing is made into (0, 1, 2, 3, 5) read under the ring is the
print's own, whatever another digit there would spell (s21 wide 0037: the ring through the 0
of 2015年01月23日 and the 2 of 2015年10月29日, both read right and sent to review). The ring's
stroke is an arc: run along a 6's open side or a 9's it can close the digit into a 0 too.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence

from scanning import _charbox
from scanning._added_strokes import MADE_FROM
from scanning._charbox import Glyph
from scanning._datescan import find_dates
from scanning._ocr import Box, Line
from scanning._seal_proof import under
from scanning._seal_shape import Ring

__all__ = ["crossed_date"]

# Digits a ring's curved stroke closes into an oval (the 6's open top right, the 9's bottom
# left), besides the digits strokes make into more strokes (``MADE_FROM``).
ARC_CLOSES: dict[str, str] = {"0": "69"}

# Where, across the digit's width, the strokes lie that make the read digit from one of fewer
# strokes (read, from): a 6 is a 5 with its lower left closed, an 8 a 3 with its left side, a
# 0 a 6 closed at its upper right. Where a ring's stroke runs down a digit's other half only
# (near the ring's sides its arc is nearly upright), it laid no ink where the two differ.
# A pair not listed differs on both sides or across the middle (8 from 0 or 5, 7 or 4 from 1).
ADDED_SIDE: dict[tuple[str, str], str] = {
    ("6", "5"): "left", ("8", "3"): "left", ("8", "9"): "left", ("9", "3"): "left",
    ("9", "7"): "left", ("0", "9"): "left", ("8", "6"): "right", ("9", "5"): "right",
    ("0", "6"): "right",
}  # fmt: skip
ASIDE = 0.15  # ems the stroke's line stands clear of the digit's centre to meet one half only


def _stroke(ring: Ring, top: float, bottom: float) -> list[tuple[float, float]]:
    """The x spans where the ring's circle runs through a band of heights: left and right."""
    heights = [h for h in (top, (top + bottom) / 2, bottom) if abs(h - ring.cy) < ring.r]
    if not heights:
        return []
    if top <= ring.cy - ring.r <= bottom or top <= ring.cy + ring.r <= bottom:
        heights.append(ring.cy - ring.r if top <= ring.cy - ring.r <= bottom else ring.cy + ring.r)
    halves = [math.sqrt(max(ring.r**2 - (h - ring.cy) ** 2, 0.0)) for h in heights]
    lo, hi = min(halves), max(halves)
    return [(ring.cx - hi, ring.cx - lo), (ring.cx + lo, ring.cx + hi)]


def _digit_changes_date(
    text: str, k: int, start: int, end: int, value: str | None, side: str = ""
) -> bool:
    """Whether a digit of fewer strokes that the ring's ink could have made into the one read
    at place ``k`` of the date ``text[start:end]`` spells another real date there; ``side``:
    the half of the digit the ring's stroke alone runs down (``left``, ``right``), if any."""
    for d in MADE_FROM.get(text[k], "") + ARC_CLOSES.get(text[k], ""):
        if side and ADDED_SIDE.get((text[k], d), side) != side:
            continue  # the strokes that would make it lie on the half the ring misses
        other = text[start:k] + d + text[k + 1 : end]
        if any(o.read.value not in (None, value) and o.end - o.start == len(other)
               for o in find_dates(other)):  # fmt: skip
            return True
    return False


def crossed_date(
    lines: Sequence[Line], rings: Sequence[Ring], placed: Mapping[Box, Sequence[Glyph]] = {}
) -> bool:
    """Whether a grey seal's ring stroke runs through a digit of a real date on ``lines``,
    where a digit of fewer strokes the ring could have made into it spells another real date.
    The characters' measured places (``placed``, per line box, from ``_charbox``) say which
    digit the stroke meets; without them the places are estimated across the line's box, one
    character either side."""
    for ln in lines:
        text = ln.text.rstrip()
        dates = [f for f in find_dates(text) if f.read.value]
        for ring in rings if dates else ():
            for lo, hi in _stroke(ring, ln.box[1], ln.box[3]):
                if hi < ln.box[0] or lo > ln.box[2]:
                    continue
                for k, side in _met(text, ln, lo, hi, placed.get(ln.box, ())):
                    for f in dates:
                        inside = f.start <= k < f.end and text[k].isdigit()
                        value = f.read.value
                        if inside and _digit_changes_date(text, k, f.start, f.end, value, side):
                            return True
    return False


def _met(
    text: str, ln: Line, lo: float, hi: float, glyphs: Sequence[Glyph]
) -> list[tuple[int, str]]:
    """Indices of ``text`` whose character the stroke spanning x in [lo, hi] meets, each with
    the half of it the stroke alone runs down (``left``, ``right``, or "" for both or not
    known): from the measured places of the characters the glyphs' reading shares with
    ``text`` (a character only one of them holds is placed by neither), else estimated
    across the line's box."""
    size = _charbox.em(glyphs)
    if size is None:
        return [(k, "") for k in under(text, ln, lo, hi)]
    half = 0.3 * size  # a digit is about half an em wide
    chars = "".join(g.char for g in glyphs)
    blocks = difflib.SequenceMatcher(None, text, chars, autojunk=False).get_matching_blocks()
    return [
        (a + j, _side(glyphs[b + j].x, lo, hi, size)) for a, b, n in blocks for j in range(n)
        if lo - half <= glyphs[b + j].x <= hi + half
    ]  # fmt: skip


def _side(x: float, lo: float, hi: float, size: float) -> str:
    """The half of a digit centred at ``x`` that a stroke spanning [lo, hi] alone runs down."""
    if lo >= x + ASIDE * size:
        return "right"
    if hi <= x - ASIDE * size:
        return "left"
    return ""
