"""Whether the crop shows that nothing stands before a name's first character: no surname was
lost at its start.

A two-character name whose first character is more often a given name's (云嘉, 时晓) may be a
three-character one whose surname the value box lost. Where no label stands right before it
(``_name_label``) — a name in a table cell, under a caption label — the crop still tells: a
surname lost at the box's edge would leave its strokes right before the name, one character
pitch from it. The name is taken to start where it was read when, on the name's own text line,

- a table's upright rule stands before it with blank paper between (a surname cannot stand
  across a cell's border), or
- blank paper stretches before it farther than the name's own gap between characters plus
  :data:`SEEN` of a character's size: a lost character would have to hold all its ink in its
  left part to leave that blank, which no surname does.

Even faint ink (a light print of the surname) counts as ink, and the test gives up at the crop's
edge when the blank is narrower than that. The same blank is asked for after the name's last
character (:func:`clear_after`): a one-stroke character the reading dropped (时玉 for 时玉一)
leaves its stroke there.
"""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _name_glyphs as glyphs

# Ink this faint still counts (a light or half-lost print of a surname), unless a speck.
FAINT = 0.15
SPECK = 0.2
# A character's own blurred edge reaches this part of its size past its cell.
HALO = 0.12
# Part of a character's size that must lie blank before the name, past its own gap.
SEEN = 0.66
SEEN_PITCH = 0.75
# An upright rule: dark ink down a column this many times the name's height.
RULE = 1.3
# A component that may be a rule before the name is cut out: this much of the crop high, and
# no wider than this part of its height.
UPRIGHT = 0.6
THIN = 0.15
# A flat run of ink this many characters long is a rule (a value's underline), not a
# character: a lost character's stroke joined to the name's own spans two at most.
FLAT = 2.5
FLAT_CROP = 1.5  # … and this many times the crop's height (a blurred name's cells shrink)
# A name's characters are at least this part of the crop's height (else its cells are wrong).
LEAST = 0.3
_DARK = 0.45


def clear_before(grey: np.ndarray, name: str) -> str:
    """A detail of the evidence when the crop ``grey`` shows nothing before ``name``'s first
    character on its line (a rule, or enough blank paper); "" otherwise."""
    ink, rules = _unruled(glyphs.ink_of(grey))
    row = glyphs.cells(ink)
    own = _own(row, name)
    if not own:
        return ""
    band = text_line(ink, own[0].left, own[-1].right)
    if band is None:
        return ""
    top, bottom = band
    size, gap = _measure(own)
    if size < LEAST * grey.shape[0]:
        return ""
    need = _need(own, size, gap)
    first = own[0].left
    halo = max(2, int(round(HALO * size)))
    rule = max((r for _, r in rules if r < first - halo), default=-1)
    tall = [h for lo, h in _heights(grey, rules) if lo <= rule]
    if rule >= 0 and (not tall or max(tall) < RULE * (bottom - top)):
        rule = -1  # a short upright stroke, no table's border
    strip = marks(ink[max(0, top - halo) : bottom + halo], size, ink.shape[0])
    line = strip[:, rule + 1 : max(rule + 1, first - halo)]
    inked = np.flatnonzero(line.any(axis=0))
    if inked.size:
        blank = first - (rule + 1 + int(inked[-1])) - 1
        return f"blank {blank}px before {name[0]} (need {need:.0f})" if blank >= need else ""
    if rule >= 0:
        return f"rule at {rule}, blank to {name[0]} at {first}"
    return f"blank {first}px before {name[0]} (need {need:.0f})" if first >= need else ""


def clear_after(grey: np.ndarray, name: str) -> str:
    """A detail of the evidence when the crop ``grey`` shows blank paper right after ``name``'s
    last character, wider than a lost character could leave blank (时玉 for 时玉一: a one-stroke
    character the reading dropped); "" otherwise, or when the crop ends too soon to tell."""
    found = _after(grey, name)
    return f"blank after {name[-1]} (need {found[1]:.0f})" if found and not found[0] else ""


def _after(grey: np.ndarray, name: str) -> tuple[bool, float] | None:
    """Whether ink stands within a lost character's reach after ``name``, and that reach; None
    when the name's cells are not found or the crop ends before that reach."""
    ink, _ = _unruled(glyphs.ink_of(grey))
    own = _own(glyphs.cells(ink), name)
    if not own or (band := text_line(ink, own[0].left, own[-1].right)) is None:
        return None
    top, bottom = band
    size, gap = _measure(own)
    if size < LEAST * grey.shape[0]:
        return None
    need = _need(own, size, gap)
    halo = max(2, int(round(HALO * size)))
    last = own[-1].right
    if grey.shape[1] - last - 1 < need:
        return None
    strip = marks(ink[max(0, top - halo) : bottom + halo], size, ink.shape[0])
    line = strip[:, last + halo : int(last + 1 + need) + 1]
    return bool(line.any()), need


def marks(ink: np.ndarray, size: float, height: int) -> np.ndarray:
    """Where ``ink`` is at least faint, without flat rules (:data:`FLAT`) and specks (a scan's
    noise, a JPEG's ringing): any character's stroke, even 一's, has more than :data:`SPECK` of
    a character's size in pixels."""
    mask = (ink > FAINT).astype(np.uint8)
    if not mask.any():
        return mask.astype(bool)
    flat = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, int(FLAT * size)), np.uint8))
    if flat.any():
        flat = cv2.morphologyEx(mask, cv2.MORPH_OPEN,
                                np.ones((1, int(max(FLAT * size, FLAT_CROP * height))), np.uint8))
    mask[cv2.dilate(flat, np.ones((3, 3), np.uint8)) > 0] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(n, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] > max(3.0, SPECK * size)
    out: np.ndarray = keep[labels]
    return out


def _measure(own: list[glyphs.Cell]) -> tuple[float, int]:
    """A character's size (its cell's larger side, median) and the name's widest gap."""
    size = float(max(np.median([c.ink.shape[0] for c in own]),
                     np.median([c.ink.shape[1] for c in own])))
    gap = max(b.left - a.right - 1 for a, b in zip(own, own[1:], strict=False))
    return size, max(gap, 0)


def _need(own: list[glyphs.Cell], size: float, gap: int) -> float:
    """How much blank paper next to the name shows no character was lost there: its gap and
    :data:`SEEN` of a character, and never less than :data:`SEEN_PITCH` of its pitch (a
    blurred print's cells shrink, its pitch does not)."""
    pitch = float(np.mean([b.left - a.left for a, b in zip(own, own[1:], strict=False)]))
    return max(gap + SEEN * size, SEEN_PITCH * pitch)


def _own(row: list[glyphs.Cell], name: str) -> list[glyphs.Cell]:
    """The name's cells: where its characters fit in some face (``_name_glyphs.locate``), or,
    where a blurred print fits no face well, a row of exactly as many cells of one size as the
    name has characters; [] when neither."""
    found = glyphs.locate(row, name)
    if found is not None:
        own = list(row[found[0] : found[0] + len(name)])
        size = max(max(c.ink.shape) for c in own)
        # A character cut in two (日 | 寸 of a blurred 时) is no cell to measure by; a flat
        # 一's cell is a stroke, as it should be.
        shaped = [c for c, ch in zip(own, name, strict=True) if ch not in glyphs.FLAT]
        return own if min(min(c.ink.shape) for c in shaped or own) >= 0.5 * size else []
    if len(row) != len(name) or len(name) < 2:
        return []
    heights = [c.ink.shape[0] for c in row]
    widths = [c.ink.shape[1] for c in row]
    size = max(heights + widths)
    steps = [b.left - a.left for a, b in zip(row, row[1:], strict=False)]
    even = max(steps) - min(steps) <= 0.25 * float(np.mean(steps))
    alike = min(heights) >= 0.6 * size and min(widths) >= 0.6 * size
    return list(row) if even and alike else []


def _unruled(ink: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The ink without the crop's upright rules (a table's cell border: dark ink straight down
    most of the crop, joined or not to its flat rules), and each rule's columns."""
    dark = (ink > _DARK).astype(np.uint8)
    height = ink.shape[0]
    upright = cv2.morphologyEx(dark, cv2.MORPH_OPEN,
                               np.ones((max(3, int(UPRIGHT * height)), 1), np.uint8))
    out = ink.copy()
    cols = np.flatnonzero(upright.any(axis=0))
    if cols.size == 0:
        return out, []
    out[cv2.dilate(upright, np.ones((3, 5), np.uint8)) > 0] = 0.0
    runs = np.split(cols, np.flatnonzero(np.diff(cols) > 1) + 1)
    rules = [(int(r[0]) - 2, int(r[-1]) + 2) for r in runs if len(r) <= THIN * height]
    return out, rules


def _heights(grey: np.ndarray, rules: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each rule's right column and its longest unbroken dark run."""
    ink = glyphs.ink_of(grey)
    out = []
    for lo, hi in rules:
        best = 0
        for col in range(max(0, lo), min(ink.shape[1], hi + 1)):
            ys = np.flatnonzero(ink[:, col] > _DARK)
            if ys.size:
                best = max(best, max(len(r) for r in np.split(ys, np.flatnonzero(np.diff(ys) > 1)
                                                              + 1)))
        out.append((hi, best))
    return out


def text_line(ink: np.ndarray, left: int, right: int) -> tuple[int, int] | None:
    """The name's text line: the longest run of rows holding its ink (rules dropped)."""
    mask = glyphs.drop_rules(ink > _DARK, max(12, int(0.75 * ink.shape[0])))
    rows = mask[:, left : right + 1].any(axis=1)
    ys = np.flatnonzero(rows)
    if ys.size == 0:
        return None
    runs = np.split(ys, np.flatnonzero(np.diff(ys) > 1) + 1)
    longest = max(runs, key=len)
    return int(longest[0]), int(longest[-1]) + 1
