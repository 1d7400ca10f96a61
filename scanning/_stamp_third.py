"""A red stamp's decision date on which its two readings disagree, settled by a third view.

A stamp is read first in one view of its red ink (the red view, or the green channel where the
red view lost pale strokes) and again in the other. Where the red ink crosses something dark
(a photo bleeding through the page, the print of the form) one of the two views loses strokes
the other keeps: 2019年12月13日 read again as 2019年2月13 (the 1 of 12 lost), 2023年11月30日
as 2023年11308. The entry then looked read two ways, although the second reading is only the
poorer view of the same ink.

As for a printed sticker (``_sticker_views``), the date's row is read a third time, in the page
as it stands (colour, neither red view nor green channel: a third input), cut to its own box
(no padding, another crop than either reading's) at another scale. When that reads exactly the
first reading's date (one date, no other digit beside it), two of three views agree, as two
readings agree on any field, and the first is taken with a note. A third view reading anything
else, or nothing, keeps the disagreement flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.rules import Finding
from scanning._ocr import Image
from scanning._sticker_views import date_row, one_date, third_text
from scanning._stickers import Sticker

__all__ = ["settled"]


def _third(image: Image, first: Sticker) -> tuple[str, str | None] | None:
    """The stamp's date row read a third time (the page as it stands, its own box, no
    padding): what it read and the one date it holds; None without one date row."""
    row = date_row(first)
    if row is None:
        return None
    text = third_text(image, row)
    got = one_date(text)
    return text, got.value if got else None


def settled(
    image: Image, first: Sticker, entry: dict[str, Any], found: Sequence[Finding], name: str
) -> list[Finding]:
    """``found`` with the disagreement on the stamp's decision date turned into a note when a
    third view reads exactly the first reading's date (see the module)."""
    field = f"{name}.date"
    when = entry.get("date")
    hit = [f for f in found if f.code == "ocr_disagreement" and f.field == field]
    if not hit or when is None:
        return list(found)
    third = _third(image, first)
    if third is None or third[1] != when:
        return list(found)
    second = hit[0].evidence.get("second") if hit[0].evidence else None
    msg = (f"两次识别不一致（“{when}” / “{second}”），第三次识别（原图、按原框）读作"
           f"“{third[0]}”，与第一次一致，取之")
    ev = {"first": when, "second": second, "third": third[0]}
    note = Finding("settled_reading", field, msg, "note", ev)
    return [note if f is hit[0] else f for f in found]
