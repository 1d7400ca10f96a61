"""A decision date standing alone beside a registration entry → that entry's date.

A registration office writes or stamps the decision date (审核日期) inside the entry's box, off
the printed text: a round date stamp (日戳, 2014.04.03 in its band), a handwritten date under
the office's seal. Grouped by geometry those dates form a column of their own, and a column of
lone dates read as one more "entry" holding only a date, while the real entries lost theirs.
A date alone on its row (no conclusion, no period, no office) says nothing an entry says but
its date; it is that entry's when exactly one entry, without a date of its own, stands over it
and reaches it. Anything less certain keeps the date where it was (flagged as an entry without
a conclusion); an entry holding a conclusion or a period is never dissolved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from core.rules import Finding, decided_ahead
from scanning._datescan import DateRead, find_dates, lost_separator
from scanning._layout import Row, centred_in, line_height
from scanning._ocr import Box, Line
from scanning._vocab import is_authority

if TYPE_CHECKING:  # _stickers calls in here with its own reader of rows
    from scanning._stickers import Piece, Sticker

Pieces = Callable[[str], "list[Piece]"]


def attach(stickers: list[Sticker], pieces: Pieces, boxes: Sequence[Box] = ()) -> list[Sticker]:
    """``stickers`` with each lone date given to the entry it stands beside, when it has
    exactly one such home; the dates without one stay an entry of their own (flagged: it has
    no conclusion). A row of a stamp's ring letters read in part (no known office) goes with
    the date nearest to it: it is no part of the entry (the office is read from the ring
    itself), and stays only while that date stays. ``pieces`` says what a row says;
    ``boxes``: the page's printed boxes, when found (a far date must share one with its
    entry)."""
    homes = [s for s in stickers if not _dates_only(s)]
    boxes = _ruled(boxes)
    lh = line_height([r for s in stickers for r in s.rows])
    out: list[Sticker] = []
    for s in stickers:
        dated = [r for r in s.rows if _lone(r, pieces) is not None]
        ring = [r for r in s.rows if r not in dated]
        if not homes or not dated or not _dates_only(s) or not all(
            _ring_text(r, pieces) for r in ring
        ):
            out.append(s)
            continue
        plan = [_placed(row, homes, lh, pieces, boxes) for row in dated]
        went: dict[int, Sticker] = {}
        left = []
        for (home, read), row in zip(plan, dated, strict=True):
            if home is None or read is None or sum(h is home for h, _ in plan) > 1:
                left.append(row)  # no sure home, or two dates for one entry
                continue
            home.date = _checked(read)
            home.rows.append(row)
            went[id(row)] = home
        for row in ring:  # the ring's letters go with their stamp's date: no entry's print
            near = min(dated, key=lambda d: abs(d.top + d.bottom - row.top - row.bottom))
            if id(near) not in went:
                left.append(row)
        if left:
            out.append(_rest(s, left, pieces))
    return out


def _ring_text(row: Row, pieces: Pieces) -> bool:
    """A row holding only an office name that is no known name (a seal's ring read in part)."""
    said = pieces(row.text)
    return len(said) == 1 and said[0].kind == "authority" and not _known(said[0].text)


def _known(name: str) -> bool:
    return is_authority(re.sub(r"\s+", "", name))


def _rest(s: Sticker, left: list[Row], pieces: Pieces) -> Sticker:
    """``s`` holding only the rows of ``left`` that found no home: their dates (and the ring's
    letters, when one of them stayed)."""
    reads = [d for d in (_lone(r, pieces) for r in left) if d is not None]
    if _dash_end_only(s):  # its date is one of the lone dates now, kept or gone home
        s.end = None
    s.rows, s.bare = sorted(left, key=lambda r: r.top), reads[1:]
    s.date = _checked(reads[0]) if reads else None
    if not any(_ring_text(r, pieces) for r in left):
        s.authority = None
    return s


def _dates_only(s: Sticker) -> bool:
    """The sticker says nothing but one or more dates (and perhaps an office name that is no
    known name: a stamp's ring read in part)."""
    named = s.authority is not None and _known(s.authority.text)
    period = s.has_validity and not _dash_end_only(s)
    said = s.conclusion or period or named or s.extra
    return not said and (s.date is not None or bool(s.bare) or s.end is not None)


def _dash_end_only(s: Sticker) -> bool:
    """The sticker's only "period" is an end read from a row holding a dash and a date and
    nothing else (-2015.02.11: a date stamp's band read as a dash before its date); with no
    start above it, it ends no period."""
    if s.start is not None or s.nil or s.end is None:
        return False
    return any(_DASHED.match(ln.text) and s.end.text in ln.text for ln in s.lines)


# A dash and a date alone on a line (no 至/到: those are a period's connector, never a mark).
_DASHED = re.compile(r"^\s*[-—–－_~～]+\s*[0-9]")


def _lone(row: Row, pieces: Pieces) -> DateRead | None:
    """The date a row holds when it holds nothing else an entry says (no label, no period;
    a dash before it alone is no connector, ``_dash_end_only``)."""
    said = pieces(row.text)
    dashed = len(said) == 1 and said[0].kind == "end" and _DASHED.match(row.text) is not None
    if len(said) != 1 or not (said[0].kind == "bare" or dashed):
        return None
    return said[0].dates[0]


def _placed(
    row: Row, homes: list[Sticker], lh: float, pieces: Pieces, boxes: Sequence[Box] = ()
) -> tuple[Sticker | None, DateRead | None]:
    """The one entry (without a date) whose box the lone date on ``row`` stands in."""
    read = _lone(row, pieces)
    if read is None:
        return None, None
    reach: list[Sticker] = []
    for wide in (0.0, WIDE * lh):  # the nearest reach that finds any entry
        reach = reach or [h for h in homes if _reaches(h, row, homes, lh, wide)]
    # however far right: only within the entry's printed box, when the page's boxes are known
    # (a date past the box's side is another column's, or a stray, never this entry's)
    reach = reach or [h for h in homes if _reaches(h, row, homes, lh, math.inf)
                      and _boxed(h, row, boxes)]  # fmt: skip
    if len(reach) != 1 or reach[0].date is not None or reach[0].bare:
        return None, None
    if not _before(read, reach[0].start):
        return None, None
    return reach[0], read


def _boxed(h: Sticker, row: Row, boxes: Sequence[Box]) -> bool:
    """No printed box found on the page parts the date's row from the entry's first row: a
    box holds both, or none holds either. A box whose sides a seal crosses is not found (the
    seal's red is dropped before the sides are traced, leaving gaps): such an entry's box
    says nothing, as on a page whose boxes are not known at all."""
    first = min(h.rows, key=lambda r: r.top)
    held = [(centred_in(row.box, b), centred_in(first.box, b)) for b in boxes]
    return any(a and b for a, b in held) or not any(a or b for a, b in held)


def _ruled(boxes: Sequence[Box]) -> list[Box]:
    """The outlines that can be an entry's printed box: entries are ruled apart, so two
    outlines that cross (neither holding the other) are a seal's outline and the pieces of a
    box its ring cut, and neither says where the box's sides are."""
    return [b for b in boxes if not any(_cross(b, o) for o in boxes if o != b)]


def _cross(a: Box, b: Box) -> bool:
    """The two boxes share some area and neither holds the other."""
    if min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]):
        return False
    return not (_holds(a, b) or _holds(b, a))


def _holds(a: Box, b: Box) -> bool:
    return a[0] <= b[0] and a[1] <= b[1] and a[2] >= b[2] and a[3] >= b[3]


def _before(read: DateRead, start: DateRead | None) -> bool:
    """The date can be the decision of the period the entry grants (``core.rules.
    decided_ahead``; a later entry's date standing under this one, its own text unread, is
    not); an entry without a readable start does not say."""
    if start is None or start.value is None or read.value is None:
        return True
    return decided_ahead(date.fromisoformat(read.value), date.fromisoformat(start.value))


# Line heights right of an entry's text a stamp may stand in the entry's box when the entry's
# text is short (注册结论：不合格 alone, its box as wide as the page): used only when no entry
# reaches the date by its own width, and only when exactly one entry does so. Failing that, a
# date at the far right of its box (a clerk dates the entry at the box's right end, under the
# seal) goes with the one entry level with it however far right it stands: two entries side by
# side both reach it and leave it where it was.
WIDE = 8


def _reaches(
    h: Sticker, row: Row, homes: list[Sticker], lh: float, wide: float = 0.0
) -> bool:
    """The date's row lies below ``h``'s top, above the next entry under ``h``, no further
    below its text than the text is tall (or three lines), and across ``h``'s own width (or
    ``wide``, if more) to its right."""
    top, bottom = min(r.top for r in h.rows), max(r.bottom for r in h.rows)
    left, right = min(r.box[0] for r in h.rows), max(r.box[2] for r in h.rows)
    cy = (row.top + row.bottom) / 2
    if not (top <= cy <= bottom + max(bottom - top, 3 * lh)):
        return False
    if row.box[2] < left or row.box[0] > right + max(right - left, wide):
        return False
    below = [min(r.top for r in o.rows) for o in homes if o is not h and _beside(o, left, right)]
    return all(not top < b <= cy for b in below)


def _beside(o: Sticker, left: int, right: int) -> bool:
    """``o`` shares some of the width ``left``..``right``."""
    return min(r.box[0] for r in o.rows) < right and max(r.box[2] for r in o.rows) > left


def _checked(read: DateRead) -> DateRead:
    """A decision date read with a lost separator is not guessed (see ``_settle_bare``)."""
    if read.value and lost_separator(read.text):
        return DateRead(read.text, None, "date_ambiguous")
    return read


def left_over(s: Sticker, name: str, page: int | None = None) -> list[Finding]:
    """A warning for each date the entry ``name`` holds that none of its fields took (a third
    date beside a period and a decision date, two dates under one 注册日期 label): a date read
    on the registration page is never dropped unsaid."""
    where = f"第 {page + 1} 页" if page is not None else ""
    return [
        Finding("unassigned", name, f"{where}注册栏读到日期“{d.text}”，未归入任何注册"
                "条目字段，请核对", "warning", {"page": page, "read": d.text, "value": d.value})
        for d in s.bare
    ]


def strays(page: int, lines: list[Line], stickers: list[Sticker]) -> list[Finding]:
    """A warning for each date on the registration page ``page`` (0-based) that stands in a
    line no entry was read from (a seal's lettering ran into it, it stood apart from every
    entry): such a date is never dropped unsaid."""
    held = {ln.box for s in stickers for ln in s.lines}
    out = []
    for ln in lines:
        dates = [f.read for f in find_dates(ln.text) if f.read.value]
        if dates and ln.box not in held:
            msg = f"第 {page + 1} 页注册栏读到日期“{dates[0].text}”，未归入任何注册条目，请核对"
            ev = {"page": page, "read": ln.text, "value": dates[0].value}
            out.append(Finding("unassigned", "registrations", msg, "warning", ev))
    return out
