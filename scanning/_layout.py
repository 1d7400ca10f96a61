"""Page geometry shared by the sticker and remarks readers: rows of OCR boxes, gaps, columns.

Recognised lines come with axis-aligned boxes. A sticker turned a few degrees makes the boxes
of one printed line sit at slightly different heights (and taller), so a row is boxes whose
vertical extents overlap, not boxes with equal centres.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scanning._ocr import Box, Line

# What a red seal leaves readable through the filter: its centre phrase.
SEAL_WORDS = re.compile("专用.?$|之章|公章|印章|用章$")  # 用章$: 专用章 misread (要用章)


def union(boxes: list[Box]) -> Box:
    """The smallest box holding every box of ``boxes``."""
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )  # fmt: skip


@dataclass(frozen=True)
class Row:
    """Boxes printed on one line, left to right."""

    lines: tuple[Line, ...]

    @property
    def box(self) -> Box:
        """Union of the row's boxes."""
        return union([ln.box for ln in self.lines])

    @property
    def text(self) -> str:
        """The row's texts joined left to right, one space between boxes."""
        return " ".join(ln.text.strip() for ln in self.lines)

    @property
    def score(self) -> float:
        """The weakest recogniser score of the row."""
        return min(ln.score for ln in self.lines)

    @property
    def top(self) -> int:
        """Top edge."""
        return self.box[1]

    @property
    def bottom(self) -> int:
        """Bottom edge."""
        return self.box[3]


def shared(a: Box, b: Box) -> float:
    """The area two boxes share, as a share of the smaller one's."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return max(0, w) * max(0, h) / max(1, small)


def meet(a: Box, b: Box) -> bool:
    """Whether two boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def centred_in(box: Box, frame: Box) -> bool:
    """``box``'s centre lies in ``frame``."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return frame[0] <= cx <= frame[2] and frame[1] <= cy <= frame[3]


def _overlap(a: Box, b: Box) -> float:
    """Vertical overlap of two boxes as a share of the lower one's height."""
    inter = min(a[3], b[3]) - max(a[1], b[1])
    return inter / max(1, min(a[3] - a[1], b[3] - b[1]))


def rows(lines: list[Line]) -> list[Row]:
    """Group lines into rows (vertical extents overlapping by half), top to bottom."""
    out: list[list[Line]] = []
    for ln in sorted(lines, key=lambda x: (x.cy, x.box[0])):
        home = next((r for r in out if _overlap(union([x.box for x in r]), ln.box) >= 0.5), None)
        if home is not None and not any(
            _overlap(x.box, ln.box) >= 0.5 and _same_x(x, ln) for x in home
        ):
            home.append(ln)
        else:
            out.append([ln])
    return [Row(tuple(sorted(r, key=lambda x: x.box[0]))) for r in out]


def _same_x(a: Line, b: Line) -> bool:
    """Two boxes over each other horizontally (two printed lines, not one). A hand-written
    line the detector cut in two (often at a seal) slopes, so its pieces overlap by a few
    pixels at the cut; that is one line, not two."""
    shared = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
    narrower = min(a.box[2] - a.box[0], b.box[2] - b.box[0])
    return shared > 0.25 * narrower


def gap(upper: Row, lower: Row) -> int:
    """White space between two rows (negative when they touch)."""
    return lower.top - upper.bottom


def line_height(rows_: list[Row]) -> float:
    """Median height of single boxes (a turned row's union is taller than its text)."""
    heights = [ln.height for r in rows_ for ln in r.lines]
    return float(statistics.median(heights)) if heights else 1.0


def columns(lines: list[Line], whole: Callable[[list[Line]], bool]) -> list[list[Line]]:
    """Lines split at the widest vertical gutter that no box crosses, when each side is
    ``whole`` on its own (labels in one column and values in another are not two columns)."""
    if len(lines) < 2:
        return [lines]
    spans = sorted((ln.box[0], ln.box[2]) for ln in lines)
    reach = spans[0][1]
    best: tuple[int, int] | None = None
    for x0, x1 in spans[1:]:
        if x0 > reach and (best is None or x0 - reach > best[1] - best[0]):
            best = (reach, x0)
        reach = max(reach, x1)
    if best is None:
        return [lines]
    cut = (best[0] + best[1]) / 2
    left = [ln for ln in lines if ln.box[2] <= cut]
    right = [ln for ln in lines if ln.box[0] >= cut]
    if not (whole(left) and whole(right)):
        return [lines]
    return [*columns(left, whole), *columns(right, whole)]


def ink_runs(cols: Sequence[int], gap: int) -> list[tuple[int, int]]:
    """The runs (first, last) of ascending inked column indices ``cols``, joined across blanks
    no wider than ``gap`` columns (a character's own gaps, not the space between words)."""
    runs: list[tuple[int, int]] = []
    for c in cols:
        if runs and c - runs[-1][1] <= gap + 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs
