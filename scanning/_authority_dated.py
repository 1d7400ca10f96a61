"""An authority label whose value below it was read as a date: the signature block's
authority line lost under its seal.

Many certificates print the authority's label (认定机构：（盖章）), then the authority's name
under it and the issue date, often without a label, under that, all beside or under the
authority's seal. When the seal's star or ring hides the name's line from the text detector,
the first line under the label is the date, and the label would take it for its value: the
authority then reads as a date and the issue date is lost. A date is never an authority's name,
so the date is left for the issue date (found by its shape or place) and the authority's value
is looked for where its line stands: between its label and the date, at the middle of the
lines printed at an even pitch. That band is only re-read; the readings and the authority's
vocabulary and seal decide the value.
"""

from __future__ import annotations

from scanning._cells import Cell
from scanning._date_rules import whole_date
from scanning._ocr import Box

__all__ = ["split_dated"]

_KEY = "issuing_authority"
_HALF = 0.65  # half the band's height, in the date's line heights (a line with its margins)
_ROOM = 0.8  # the least room (in line heights) between label and date that holds a line


def split_dated(cells: list[Cell], found: dict[int, list[int]], free: set[int]) -> Box | None:
    """When the authority's label took a whole date under it for its value, give the date
    back to ``free`` (dropping it from ``found``) and return the band between label and date
    where the authority's own line stands (None when no line fits there, or no date was
    taken)."""
    at = [i for i in found if cells[i].key == _KEY and not cells[i].text]
    if len(at) != 1:
        return None
    label, run = cells[at[0]], found[at[0]]
    if not run or not whole_date("".join(cells[j].text for j in run)):
        return None
    del found[at[0]]
    free |= set(run)
    date, h = cells[run[0]], max(cells[j].height for j in run)
    if min(cells[j].box[1] for j in run) - label.box[3] < _ROOM * h:
        return None
    cy = (label.cy + date.cy) / 2
    right = max(c.box[2] for c in cells)
    return (max(0, label.box[0] - h), int(cy - _HALF * h), right + h // 2, int(cy + _HALF * h))
