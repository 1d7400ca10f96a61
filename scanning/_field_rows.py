"""Rows the text detector missed whole, found from the rhythm of the rows it did find.

A seal or a blur can hide a whole "label  value" row from the detector (no label, no value),
while the recogniser still reads the line when it is handed the band. Information pages print
their rows at a steady pitch down a column of labels, so a missing row shows as a gap of two
pitches (or a pitch before the first row or after the last). Each such band is read once, and
it counts only when it starts with the label of a field still missing: what the band holds is
then that field's row, label and value, read like any other.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

from scanning._cells import Cell
from scanning._labels import match_label
from scanning._ocr import Box, Reading

__all__ = ["gaps", "rows_read"]

_TOLERANCE = 0.15  # a gap is k pitches when it is within this share of a pitch of k pitches
_MIN_ROWS = 4  # rows needed to trust the pitch


def _column(cells: Sequence[Cell]) -> list[Cell]:
    """The labels that start a row: the left column, one per row, top to bottom."""
    labels = [c for c in cells if c.key is not None]
    if not labels:
        return []
    h = statistics.median(c.height for c in labels)
    left = min(c.x0 for c in labels)
    column = sorted((c for c in labels if c.x0 - left <= 1.5 * h), key=lambda c: c.cy)
    out: list[Cell] = []
    for c in column:
        if not out or c.cy - out[-1].cy > 0.5 * h:
            out.append(c)
    return out


def _expected(column: list[Cell], pitch: float, page_bottom: float) -> list[float]:
    """Heights where a row should stand and none was found."""
    ys = [c.cy for c in column]
    out = [ys[0] - pitch] if ys[0] - pitch > pitch / 2 else []
    for a, b in zip(ys, ys[1:], strict=False):
        k = round((b - a) / pitch)
        if k >= 2 and abs(b - a - k * pitch) <= _TOLERANCE * pitch:
            out += [a + j * pitch for j in range(1, k)]
    if ys[-1] + pitch < page_bottom:
        out.append(ys[-1] + pitch)
    return out


def gaps(cells: Sequence[Cell], page_bottom: float) -> list[Box]:
    """Bands (label column to the page's rightmost print) where a row is missing."""
    column = _column(cells)
    if len(column) < _MIN_ROWS:
        return []
    steps = sorted(b.cy - a.cy for a, b in zip(column, column[1:], strict=False))
    pitch = statistics.median(steps[: len(steps) // 2 + 1])  # the lower half: single steps
    if pitch <= 0:
        return []
    kept = [s for s in steps if abs(s - pitch * round(s / pitch)) <= _TOLERANCE * pitch]
    singles = sum(1 for s in kept if round(s / pitch) == 1)
    if len(kept) < len(steps) - 1 or 2 * singles < len(steps):
        return []  # rows at no steady pitch: nothing says where one is missing
    steps = kept
    pitch = statistics.median(s / round(s / pitch) for s in steps)
    h = statistics.median(c.height for c in column)
    left, right = min(c.x0 for c in column), max(c.box[2] for c in cells)
    return [
        (int(left - h / 2), int(y - 0.7 * h), int(right + h / 2), int(y + 0.7 * h))
        for y in _expected(column, pitch, page_bottom)
    ]


def rows_read(
    bands: Sequence[Box], missing: set[str], read: Callable[[list[Box]], list[Reading]]
) -> dict[str, tuple[str, float, Box]]:
    """The missing fields whose label starts one of the bands as read: (value text, score,
    band). A band read as anything else (a seal's legend, a note, paper) is left alone."""
    out: dict[str, tuple[str, float, Box]] = {}
    for band, got in zip(bands, read(list(bands)) if bands else [], strict=True):
        hit = match_label(got.text, _labels())
        if hit and hit[0] in missing and hit[0] not in out and hit[1]:
            out[hit[0]] = (hit[1], got.score, band)
    return out


def _labels() -> dict[str, tuple[str, ...]]:
    from scanning._fields import INFO_LABELS  # _fields imports this module

    return INFO_LABELS
