"""A registration entry's second reading, matched to its first by position.

The second reading reads the very boxes of the first reading's sticker again (another scale,
another view). Grouping those rows afresh can split them where a row no longer says what it is
(``20250115`` for ``2025.01.15`` stands alone; ``审核结论：注册合格`` falls apart from the period
below it), and the entry then looked unread ("未能读出同一条目") although every row was read. The
rows are one entry's by position: the pieces they make are one sticker when no slot is taken
twice (two conclusions, two periods, two authorities, two dates still mean "not the same
entry"). A decision date the regrouping lost (None) while the very row the first reading took it
from reads the same date again is that date, read twice. A period the second reading lost
because the very rows the first took it from read again as no date at all (有效期 row of a
tilted sticker, its padded crop taking in the rows above and below: 2：215月2日321年92) offers no
rival period: it broke the date rule, as an unreadable date does.

A row whose box overlaps a neighbour's (a sticker pasted over the one above, lines set tight)
is read again from a padded crop that takes in the neighbour: the authority row under a period
row reads again as 至2024年03月1区教育和科技局, and the entry then held two period ends. Such a
read is no second read of the row: a row that held no date at first and now holds one, its box
sharing more than ``MIXED`` of itself with another row's, is left out of the second reading
(``unmixed``), so that its field is unread there, not read as another entry's.
"""

from __future__ import annotations

from typing import Any

from scanning._datescan import find_dates
from scanning._layout import shared
from scanning._ocr import Line
from scanning._stickers import Sticker, group

__all__ = ["kept_date", "one", "period_unread", "unmixed"]

Entry = dict[str, Any]
_SLOTS = ("conclusion", "start", "end", "authority", "date")
MIXED = 0.3  # share of the smaller box two rows share beyond which a re-read takes in both


def one(lines: list[Line]) -> Sticker | None:
    """The rows of one entry read again, as one sticker (None: they say two entries' things,
    or nothing)."""
    parts = group(lines)
    if len(parts) == 1:
        return parts[0]
    return _merged(parts) if parts else None


def _merged(parts: list[Sticker]) -> Sticker | None:
    """The stickers ``parts`` as one, or None when two of them fill the same slot."""
    out = Sticker()
    for s in parts:
        for slot in _SLOTS:
            value = getattr(s, slot)
            if value is None:
                continue
            if getattr(out, slot) is not None:
                return None
            setattr(out, slot, value)
        if s.nil and (out.start is not None or out.end is not None):
            return None
        out.nil = out.nil or s.nil
        out.bare += s.bare
        out.extra += s.extra
        out.rows += s.rows
    if out.nil and (out.start is not None or out.end is not None) or len(out.bare) > 1:
        return None
    return out


def kept_date(first: Sticker, again: list[Line], entry: Entry, other: Entry | None) -> Entry | None:
    """``other`` (the second reading's entry) with the first reading's decision date where
    the second lost it (None) but reads that date again on the very row it came from; every
    other case unchanged (a different date stays a rival)."""
    when = entry.get("date")
    if other is None or when is None or other.get("date") is not None or first.date is None:
        return other
    text = first.date.text
    boxes = {ln.box for ln in first.lines if text and text in ln.text}
    rows = [ln for ln in again if ln.box in boxes]
    if len(boxes) != 1 or len(rows) != 1:
        return other
    if [f.read.value for f in find_dates(rows[0].text)] != [when]:
        return other
    return {**other, "date": when}


def period_unread(first: Sticker, again: list[Line], other: Entry | None) -> bool:
    """The second reading (``other``, from the rows ``again``) holds no period end, and every
    row the first reading took its period from reads again as no real date, not one."""
    if other is None or other.get("valid_from") is not None or other.get("valid_until") is not None:
        return False
    texts = [d.text for d in (first.start, first.end) if d is not None and d.text]
    if not texts:
        return False
    boxes = {ln.box for ln in first.lines if any(t in ln.text for t in texts)}
    rows = [ln for ln in again if ln.box in boxes]
    if not boxes or len(rows) != len(boxes):
        return False
    return not any(f.read.value for ln in rows for f in find_dates(ln.text))


def unmixed(first: list[Line], again: list[Line]) -> list[Line]:
    """The rows read again (``again``, box for box the ``first`` rows), less each that read a
    date where its first reading held none while its box overlaps another row's by more than
    ``MIXED``: its padded crop took in the neighbour's date (see the module)."""
    said = {ln.box: ln.text for ln in first}
    out = []
    for ln in again:
        was = said.get(ln.box)
        near = any(o.box != ln.box and shared(o.box, ln.box) > MIXED for o in first)
        if was is not None and near and not _has_date(was) and _has_date(ln.text):
            continue
        out.append(ln)
    return out


def _has_date(text: str) -> bool:
    return any(f.read.value for f in find_dates(text))
