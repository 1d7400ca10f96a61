"""Rows the text detector missed whole, found from the rhythm of the rows it did find.

A seal or a blur can hide a whole "label  value" row from the detector (no label, no value),
while the recogniser still reads the line when it is handed the band. Information pages print
their rows at a steady pitch down a column of labels, so a missing row shows as a gap of two
pitches (or a pitch before the first row or after the last). Each such band is read once, and
it counts only when it starts with the label of a field still missing: what the band holds is
then that field's row, label and value, read like any other. On a page printing values
under their labels, a band whose label the seal left unreadable still has its value line read:
it counts only when its whole read is a value of exactly one missing field's closed form (an
office's full name or one misread character away from one, a listed qualification type, a
17-digit certificate number), which no other field's value is.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from scanning import _vocab
from scanning._cells import Cell
from scanning._fields import INFO_LABELS, union
from scanning._labels import COLONS, loose_label, match_label, next_label, same_row
from scanning._ocr import Box, Reading

__all__ = ["Gaps", "Row", "gaps", "rows_read"]

_TOLERANCE = 0.15  # a gap is k pitches when it is within this share of a pitch of k pitches
_MIN_ROWS = 4  # rows needed to trust the pitch


@dataclass(frozen=True)
class Gaps:
    """Bands where a row is missing, and whether the page prints values beside their labels
    (else under them)."""

    bands: list[Box]
    beside: bool


class Row(NamedTuple):
    """A missing field's value found in a band: its text, score and box, and whether the text
    is a re-read of that box (``reread``: the band or value line read anew, not a line the
    detector found), which the field's own re-read of the box repeats pixel for pixel."""

    text: str
    score: float
    box: Box
    reread: bool


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
    out = [y for k in range(1, 4) if (y := ys[0] - k * pitch) > pitch / 2][::-1]
    for a, b in zip(ys, ys[1:], strict=False):
        k = round((b - a) / pitch)
        if k >= 2 and abs(b - a - k * pitch) <= _TOLERANCE * pitch:
            out += [a + j * pitch for j in range(1, k)]
    out += [y for k in range(1, 4) if (y := ys[-1] + k * pitch) < page_bottom - pitch / 2]
    return out


def _beside(column: list[Cell], cells: Sequence[Cell]) -> bool:
    """Whether the page prints values right of their labels (else below them)."""

    def has_value(label: Cell) -> bool:
        return bool(label.text) or any(
            c.key is None and same_row(label, c) and c.x0 > label.box[2] for c in cells
        )

    return sum(map(has_value, column)) >= 0.6 * len(column)


def gaps(cells: Sequence[Cell], page_bottom: float) -> Gaps:
    """Bands (label column to the page's rightmost print) where a row is missing."""
    column = _column(cells)
    if len(column) < _MIN_ROWS:
        return Gaps([], True)
    steps = sorted(b.cy - a.cy for a, b in zip(column, column[1:], strict=False))
    pitch = statistics.median(steps[: len(steps) // 2 + 1])  # the lower half: single steps
    if pitch <= 0:
        return Gaps([], True)
    kept = [s for s in steps if abs(s - pitch * round(s / pitch)) <= _TOLERANCE * pitch]
    singles = sum(1 for s in kept if round(s / pitch) == 1)
    if len(kept) < len(steps) - 1 or 2 * singles < len(steps):
        return Gaps([], True)  # rows at no steady pitch: nothing says where one is missing
    pitch = statistics.median(s / round(s / pitch) for s in kept)
    h = statistics.median(c.height for c in column)
    left, right = min(c.x0 for c in column), max(c.box[2] for c in cells)
    bands = [
        (int(left - h / 2), int(y - 0.7 * h), int(right + h / 2), int(y + 0.7 * h))
        for y in _expected(column, pitch, page_bottom)
    ]
    return Gaps(bands, _beside(column, cells))


def _under(band: Box, cells: Sequence[Cell], taken: Sequence[Box]) -> Cell | None:
    """The value printed under a band's label: the nearest unlabelled cell just below its left
    end that no field has claimed."""
    h = (band[3] - band[1]) / 1.4
    below = [
        c
        for c in cells
        if c.key is None
        and c.text
        and not any(_inside(c, b) for b in taken)
        and c.cy > (band[1] + band[3]) / 2 + 0.5 * h
        and c.box[1] <= band[3] + 1.2 * h
        and band[0] - h <= c.x0 <= band[0] + 2.5 * h
    ]
    return min(below, key=lambda c: c.box[1], default=None)


def _inside(c: Cell, box: Box) -> bool:
    return box[0] <= c.cx <= box[2] and box[1] <= c.cy <= box[3]


def rows_read(
    gaps: Gaps,
    missing: set[str],
    read: Callable[[list[Box]], list[Reading]],
    cells: Sequence[Cell] = (),
    taken: Sequence[Box] = (),
) -> dict[str, Row]:
    """The missing fields whose label starts one of the bands as read: (value text, score,
    box). Right of the label on a page printing values beside their labels, else the unclaimed
    cell under it, or the line under it read anew when no cell is there. A band read as
    anything else (a seal's legend, a note, paper), or whose "value" is another label, is left
    alone."""
    out: dict[str, Row] = {}
    unseen: dict[str, Box] = {}  # labels read in a band whose value below no box holds
    unlabelled: list[Box] = []  # value lines under bands whose label was not read
    for band, got, box, anew in _row_reads(gaps.bands, cells, taken, read):
        hit = match_label(got.text, INFO_LABELS) or loose_label(got.text, INFO_LABELS)
        if not hit and not gaps.beside and (line := _value_line(band, cells)) is not None:
            unlabelled.append(line)
        if not hit or hit[0] not in missing or hit[0] in out or hit[0] in unseen:
            continue
        if gaps.beside:
            value = hit[1][: next_label(hit[1], INFO_LABELS)]
            # A label without its colon inside what is left: no telling where the value ends.
            if (
                value
                and not _labelled(value)
                and next_label(value, INFO_LABELS, colon=False) == len(value)
            ):
                out[hit[0]] = Row(value, got.score, box, anew)
        elif (cell := _under(band, cells, taken)) is not None:
            out[hit[0]] = Row(cell.text, cell.score, cell.box, False)
        elif (line := _value_line(band, cells)) is not None:
            unseen[hit[0]] = line
    out |= _read_lines(unseen, read)
    return out | _by_form(unlabelled, missing - out.keys(), read)


def _row_reads(
    bands: list[Box], cells: Sequence[Cell], taken: Sequence[Box],
    read: Callable[[list[Box]], list[Reading]],
) -> list[tuple[Box, Reading, Box, bool]]:
    """Each band with what it says and where: the detector's own line when it found one
    there whose label was misread (顾发自期：2019年9月22日, a row no label starts), else the
    band read anew. A band read repeats exactly what the field's re-read of that box reads,
    so it must not stand in for a line the page read: a digit the band read lost (9月2日)
    would be confirmed by its own echo and accepted. The last item: whether the band was read
    anew."""
    seen: dict[int, tuple[Reading, Box]] = {}
    for i, band in enumerate(bands):
        inside = sorted((c for c in cells if c.key is None and c.text and _inside(c, band)
                         and not any(_inside(c, b) for b in taken)), key=lambda c: c.x0)
        text = "".join(c.text for c in inside)
        if inside and (match_label(text, INFO_LABELS) or loose_label(text, INFO_LABELS)):
            seen[i] = (Reading(text, min(c.score for c in inside)), union([c.box for c in inside]))
    rest = [b for i, b in enumerate(bands) if i not in seen]
    got = iter(read(rest) if rest else [])
    return [(b, *seen[i], False) if i in seen else (b, next(got), b, True)
            for i, b in enumerate(bands)]


# The closed forms a value line under an unread label may be recognised by: each checked again
# by a rule across fields (the office's province and the type against the number's digits, the
# number's own). A subject has none, so a misread listed subject would stand: it is not here.
_FORMS: dict[str, Callable[[str], bool]] = {
    # One misread character in the place or office (滨连市 for 大连市: the seal's ring over 大)
    # is the decoder's to correct or flag, as on any labelled row.
    "issuing_authority": lambda t: _vocab.is_authority(t) or bool(_vocab.near_authorities(t)),
    "qualification_type": lambda t: t in _vocab.type_entries(),
    "certificate_number": lambda t: len(t) == 17 and t.isascii() and t.isdigit(),
}


def _by_form(
    lines: list[Box], missing: set[str], read: Callable[[list[Box]], list[Reading]]
) -> dict[str, Row]:
    """Value lines under unread labels, each taken for the one missing field whose closed
    form its whole read is; a field two lines fit, or a line two fields fit, is left alone."""
    forms = {k: f for k, f in _FORMS.items() if k in missing}
    if not forms or not lines:
        return {}
    fits: dict[str, list[Row]] = {}
    for box, r in zip(lines, read(lines), strict=True):
        keys = [k for k, fit in forms.items() if fit(r.text)]
        if len(keys) == 1:
            fits.setdefault(keys[0], []).append(Row(r.text, r.score, box, True))
    return {k: hits[0] for k, hits in fits.items() if len(hits) == 1}


def _value_line(band: Box, cells: Sequence[Cell]) -> Box | None:
    """The line under a band's label where its value is printed, when the detector found no
    box there (the seal that hid the label's row lies over the value too): one print line
    below the label, across the band, unless the detector found anything in it (another
    field's value, a label: the value is then elsewhere or blank)."""
    h = (band[3] - band[1]) / 1.4
    cy = (band[1] + band[3]) / 2
    line = (band[0], int(cy + 0.45 * h), band[2], int(cy + 1.85 * h))
    if any(_inside(c, line) for c in cells):  # print the detector found: no missed value
        return None
    return line


def _read_lines(
    lines: dict[str, Box], read: Callable[[list[Box]], list[Reading]]
) -> dict[str, Row]:
    """The value lines read; a line read as another label, or as nothing, is left alone."""
    got = read(list(lines.values())) if lines else []
    return {
        key: Row(r.text, r.score, box, True)
        for (key, box), r in zip(lines.items(), got, strict=True)
        if r.text and not match_label(r.text, INFO_LABELS)
    }


def _labelled(text: str) -> bool:
    """Whether a band's "value" is another label (性别, 性别：男): the row's value was missed."""
    return any(
        text == v or (text.startswith(v) and text[len(v) : len(v) + 1] in COLONS)
        for vs in INFO_LABELS.values()
        for v in vs
    )
