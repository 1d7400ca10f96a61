"""A name crop cut into its character cells: the ink of each character, left to right, on the
name's text band, without a table's ruled lines (the glyph fits of ``_name_glyphs`` weigh each
cell against candidate characters)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._layout import ink_runs
from scanning._name_faces import Gray


@dataclass(frozen=True)
class Cell:
    """One character's place in the crop: its ink (1 = black) cut to the ink's bounding box."""

    ink: Gray
    left: int
    right: int


def ink_of(gray: NDArray[np.uint8]) -> Gray:
    """Ink darkness 0–1 of a grey crop: paper (the bright majority) 0, the darkest strokes 1."""
    g = gray.astype(np.float32)
    paper, dark = float(np.percentile(g, 75)), float(np.percentile(g, 1))
    if paper - dark < 30:
        return np.zeros_like(g)
    out: Gray = np.clip((paper - g) / (paper - dark), 0.0, 1.0).astype(np.float32)
    return out


def drop_rules(mask: NDArray[np.bool_], length: int) -> NDArray[np.bool_]:
    """The mask without ruled lines (an underline, a table border): horizontal runs longer
    than any character is wide, upright ones longer than any character is high, with the
    pixel rows either side of them."""
    m = mask.astype(np.uint8)
    flat = cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    upright = cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((max(3, int(UPRIGHT * m.shape[0])), 1),
                                                           np.uint8))
    lines = cv2.dilate(np.maximum(flat, upright), np.ones((3, 3), np.uint8))
    out: NDArray[np.bool_] = mask & (lines == 0)
    return out


def rules_out(mask: NDArray[np.bool_], length: int, ink: Gray | None = None
              ) -> NDArray[np.bool_]:
    """The mask without ruled lines, for a name's cells: as :func:`drop_rules`, but a flat rule
    broken by a gap of a pixel or two is still one rule, and the rows either side of a flat
    rule keep the strokes of characters standing on it. Binarised, a scanned underline breaks
    where its ink is faint for a column: under 邱喆涛 the piece under 邱, shorter than a
    character is wide, stayed as a stroke of 邱, a cell a third too wide that no face could
    draw. Only a piece joined to a run already a rule's length goes: two characters' strokes
    a pixel apart in a row (a bold face at 20 px) are each shorter than that and stay. And a
    name is printed on its underline: the row above the rule holds the lowest strokes of 喆's
    two 口, which the margin took away. With the crop's ``ink``, a thin rule whose ink two
    pixel rows share goes too (:func:`_slanted`)."""
    m = mask.astype(np.uint8)
    level = mask & _flat(m, length)
    flat = level if ink is None else level | _slanted(ink, mask, length, level)
    upright: NDArray[np.bool_] = cv2.morphologyEx(
        m, cv2.MORPH_OPEN, np.ones((max(3, int(UPRIGHT * m.shape[0])), 1), np.uint8)) > 0
    own = _grown(flat, (1, 3))
    margin = _grown(flat, (3, 3)) & ~own
    lines = own | (margin & ~_strokes_on(mask, own)) | _grown(upright, (3, 3))
    out: NDArray[np.bool_] = mask & ~lines
    return out


def _flat(m: NDArray[np.uint8], length: int) -> NDArray[np.bool_]:
    """Where ``m`` holds a flat run of ``length``, its breaks of :data:`_BREAK` closed (a run
    held by one that is that long unbroken)."""
    run = np.ones((1, length), np.uint8)
    joined = cv2.morphologyEx(m, cv2.MORPH_CLOSE, np.ones((1, _BREAK + 1), np.uint8))
    return _holding(cv2.morphologyEx(joined, cv2.MORPH_OPEN, run) > 0,
                    cv2.morphologyEx(m, cv2.MORPH_OPEN, run) > 0)


def _slanted(ink: Gray, mask: NDArray[np.bool_], length: int, level: NDArray[np.bool_]
             ) -> NDArray[np.bool_]:
    """The pixels of a thin rule whose ink a row of pixels splits, where no level rule is.
    A rule a pixel wide lies across two pixel rows wherever its centre falls between them
    (an underline a fraction of a degree off level, a phone photo's flattened page), and
    blurred or faint, each row holds under half its ink there: binarised, no row kept a run
    a rule's length, and the rule stayed as strokes of the characters standing on it
    (禤霞嫣 in a phone photo: 禤's cell a fifth too wide and a third too high, fitting no
    face). The ink of two rows added holds such a rule whole; a run of it is a rule only where
    it is thin (:func:`_thin`), as blurred characters' strokes joined in a row are not."""
    pair = ink.copy()
    pair[:-1] += ink[1:]
    found = _thin(_flat((pair > _INK).astype(np.uint8), length), pair, ink)
    found[1:] |= found[:-1]  # the row below each pair's first row
    # Where a character's stroke crosses or stands on the rule, its pixels go on past the
    # rule's two rows: they are the stroke's (a rule too faint to bin alone leaves only those).
    upright = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 1), np.uint8))
    out: NDArray[np.bool_] = mask & found & (upright == 0) & ~_grown(level, (5, 1))
    return out


def _thin(found: NDArray[np.bool_], pair: Gray, ink: Gray) -> NDArray[np.bool_]:
    """The runs of ``found`` (pairs of rows, by their first) that are thin lines: along
    :data:`_CLEAR` of the run, darker than the pairs two rows above and below, with paper
    right above or right below. Blurred characters' strokes in a row join into a run as long,
    but their upright strokes go on above and below it, and next to a rule the halo of its
    blur is no line of its own."""
    faint = ink < _FAINT
    side = np.zeros_like(faint)
    side[2:] |= faint[:-2] & faint[1:-1]
    side[:-3] |= faint[2:-1] & faint[3:]
    ridge = np.zeros_like(faint)
    ridge[2:-2] = (pair[2:-2] > pair[:-4]) & (pair[2:-2] > pair[4:])
    n, labels = cv2.connectedComponents(found.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, bool)
    for k in range(1, n):
        ys, xs = np.nonzero(labels == k)
        clear = set(xs[side[ys, xs] & ridge[ys, xs]].tolist())
        keep[k] = len(clear) >= _CLEAR * len(set(xs.tolist()))
    out: NDArray[np.bool_] = keep[labels]
    return out


# A thin rule is a ridge with paper on one side along this part of its length at least (the
# characters standing on an underline touch it with a few strokes; a blurred row of strokes has
# ink on both sides along most of it).
_CLEAR = 0.6
# Ink this faint (0-1) is paper beside a rule.
_FAINT = 0.15


def _holding(joined: NDArray[np.bool_], whole: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The parts of ``joined`` (runs long once their breaks are closed) connected to a run long
    without that (``whole``): a rule's piece past a break, never two characters' strokes that
    stand a pixel apart in a row (程世 at 20 px), which are each shorter than the rule length."""
    n, labels = cv2.connectedComponents(joined.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, bool)
    keep[np.unique(labels[whole & joined])] = True
    keep[0] = False
    out: NDArray[np.bool_] = keep[labels]
    return out


def _grown(b: NDArray[np.bool_], size: tuple[int, int]) -> NDArray[np.bool_]:
    out: NDArray[np.bool_] = cv2.dilate(b.astype(np.uint8), np.ones(size, np.uint8)) > 0
    return out


def _strokes_on(mask: NDArray[np.bool_], rule: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Ink pixels beside a ``rule`` that go on away from it (a stroke that ends on the rule),
    in a run shorter than :data:`STROKE` of the crop's height: the rule's antialiased edge
    goes on nowhere, and a table's border that meets it is longer than any stroke."""
    free = mask & ~rule
    away = np.zeros_like(mask)
    away[1:] |= free[:-1]
    away[:-1] |= free[1:]
    tall: NDArray[np.bool_] = cv2.morphologyEx(
        mask.astype(np.uint8), cv2.MORPH_OPEN,
        np.ones((max(3, int(STROKE * mask.shape[0])), 1), np.uint8)) > 0
    out: NDArray[np.bool_] = mask & away & ~tall
    return out


# A name's crop is its box and a pad above and below (``_name_evidence.crop``): a character's
# stroke, at most the box's height, is under this part of it for boxes up to ~50 px high; a
# longer stroke is taken for a border and loses its end on the rule, as before.
STROKE = 0.5


# The widest break (pixels) closed in a flat rule before its length is measured.
_BREAK = 2


# Ink this dark (0-1) is a character's stroke or a rule's.
_INK = 0.45


# An upright run this part of the crop's height is a table's border, no stroke: the crop is the
# value box (no character is higher) and a pad above and below (``_name_evidence.crop``), so a
# stroke stays under 0.75 of it for any box up to 72 px high. A cell's border between a label and
# the name stops at the cell's own rules, short of the crop's height (0.78 of it in a grid).
UPRIGHT = 0.75


def cells(ink: Gray) -> list[Cell]:
    """The crop's characters, left to right: ink columns of the text band grouped into
    character-wide runs (a character's parts, 氵 and 甜, are closer than characters are)."""
    mask = rules_out(ink > _INK, max(12, int(0.75 * ink.shape[0])), ink)
    rows = mask.sum(axis=1) > 1
    band = longest_run(rows)
    if band is None:
        return []
    top, bottom = band
    h = bottom - top
    if h < 8:
        return []
    cols = np.flatnonzero(mask[top:bottom].sum(axis=0) > 0)
    if not len(cols):
        return []
    runs = ink_runs(cols.tolist(), max(1, round(0.08 * h)))
    spans: list[list[int]] = []
    cur = list(runs[-1])
    for lo, hi in reversed(runs[:-1]):
        if cur[1] - lo + 1 <= 1.12 * h and cur[0] - hi - 1 < 0.5 * h:
            cur[0] = lo
        else:
            spans.append(cur)
            cur = [lo, hi]
    spans.append(cur)
    ink_cols = mask[top:bottom].sum(axis=0)
    return [_cell(ink, mask, top, bottom, part) for span in spans[::-1]
            for part in _split(ink_cols, span, _own_height(mask[top:bottom], span, h))]


def _own_height(band: NDArray[np.bool_], span: list[int], h: int) -> int:
    """The height of a run's own ink: what its width is measured against when it is cut into
    characters. The band may be higher than the name's characters (a leader's dots or a
    rule's remains below them, a taller label before), and measured against it three touching
    bold characters look like two. A run much lower than the band (a mark) keeps the band's."""
    rows = np.flatnonzero(band[:, span[0] : span[1] + 1].any(axis=1))
    own = int(rows[-1] - rows[0] + 1) if len(rows) else h
    return own if own >= _OWN * h else h


_OWN = 0.6


# A run of ink this many times as wide as the text band is high holds touching characters (a
# Chinese character is about as wide as it is high; a phone's blur joins 付 and 昊).
_JOINED = 1.6


def _split(ink_cols: NDArray[np.intp], span: list[int], h: int) -> list[list[int]]:
    """``span`` cut into as many character-wide parts as its width holds, each cut at the
    column with least ink near where an even cut would fall."""
    lo, hi = span
    k = round((hi - lo + 1) / h)
    if hi - lo + 1 < _JOINED * h or k < 2:
        return [span]
    cuts = []
    for j in range(1, k):
        at = lo + j * (hi - lo + 1) // k
        near = range(max(lo + 1, at - h // 5), min(hi, at + h // 5 + 1))
        cuts.append(min(near, key=lambda c: (int(ink_cols[c]), abs(c - at))))
    edges = [lo, *cuts, hi + 1]
    return [[a, b - 1] for a, b in zip(edges, edges[1:], strict=False) if b - 1 >= a]


def _cell(ink: Gray, mask: NDArray[np.bool_], top: int, bottom: int, span: list[int]) -> Cell:
    lo, hi = span
    part = np.where(mask[top:bottom, lo : hi + 1], ink[top:bottom, lo : hi + 1], 0.0)
    ys = np.flatnonzero(part.max(axis=1) > _INK)
    return Cell(part[ys.min() : ys.max() + 1].astype(np.float32), lo, hi)


def longest_run(flags: NDArray[np.bool_]) -> tuple[int, int] | None:
    """The longest run of true ``flags`` as (start, end), the first of equal ones; None if none."""
    best: tuple[int, int] | None = None
    start = None
    for i, f in enumerate([*flags.tolist(), False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best
