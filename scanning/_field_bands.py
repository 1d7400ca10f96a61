"""Where the value of a label with none read should stand: the band a re-read looks in.

The text detector misses a line a seal or a blur runs through (a grey seal's ring over
证书号码's number) and a lone short value (性别's 女) at the end of a row of two fields; a
re-read of the band where the value stands still reads it, and an empty reading leaves the
field missing, as before.
"""

from __future__ import annotations

from scanning._cells import Cell
from scanning._labels import same_row
from scanning._ocr import Box

__all__ = ["unread_bands"]

_REACH = 6  # label heights: how far right of its label a band at least runs


def unread_bands(cells: list[Cell], found: dict[int, list[int]]) -> dict[str, tuple[Box, Box]]:
    """Each label with no value found, with the band its value stands in: on a page printing
    values right of their labels, from the label to the next label of its row (or on to the
    page's rightmost print, and at least ``_REACH`` label heights); on one printing them under
    their labels, down to the next label of its column."""
    right_of = [
        i for i in found if cells[i].text or any(same_row(cells[i], cells[j]) for j in found[i])
    ]
    below = len(found) - len(right_of) >= 3 and len(right_of) <= len(found) // 3
    if not below and (len(right_of) < 3 or len(right_of) < len(found) - len(found) // 3):
        return {}  # too few to say
    band = _band_below if below else _band_beside
    right = max(c.box[2] for c in cells)
    out: dict[str, tuple[Box, Box]] = {}
    for i, c in enumerate(cells):
        if c.key is not None and i not in found and not c.text and (b := band(c, cells, right)):
            out[c.key] = (b, c.box)
    return out


def _band_beside(label: Cell, cells: list[Cell], right: int) -> Box | None:
    """The band right of ``label`` up to the next label of its row."""
    h = label.height
    ends = [o.box[0] for o in cells if o.key is not None and same_row(label, o)
            and o.x0 > label.x0]  # fmt: skip
    # The page's last print may end left of the value: a short value (女) at the right of a
    # row of two fields stands past every line the detector found.
    x1 = min([max(right, label.box[2] + _REACH * h), *ends])
    if x1 - label.box[2] <= 3 * h:
        return None
    return (label.box[2] + h // 4, label.box[1] - h // 4, x1, label.box[3] + h // 4)


def _band_below(label: Cell, cells: list[Cell], right: int) -> Box | None:
    """The band under ``label`` down to the next line of its column (the next label, read or
    misread: 颁爱机 for 颁发机关 under a lost number), wide enough for a number so that the
    re-read sees the whole line; none under the last line."""
    h = label.height
    nxt = min((o.box[1] for o in cells if o.cy > label.cy + h
               and abs(o.x0 - label.x0) <= 1.5 * h), default=None)  # fmt: skip
    if nxt is None or not h <= nxt - label.box[3] <= 4 * h:
        return None
    return (label.x0 - h // 2, label.box[3], max(right, label.x0 + 12 * h), nxt)
