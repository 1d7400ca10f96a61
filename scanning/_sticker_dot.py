"""A registration's decision date read with the dot between its month and day lost (2025.1215
for 2025.12.15), settled by where its digits stand on the paper.

A sticker's date is often stamped or written where the registration seal's ring passes, and
the ring's stroke over the day's dot hides it from every reading: the read then has four
digits after its one dot, and no rule checks a decision date's digits, so 2025-12-15,
2025-01-15 (the month's 2 a misread dot) or 2025-12-05 (the day's 1 one) are all dates an
entry without a period allows (``_datescan.separator_readings``; ``_decision_date``: the
rules leave several). The print can tell them apart. A dot takes room: digits printed side
by side stand one digit's advance apart, and a dot between two digits adds about 0.6 of an
advance (its own width, 0.3 em, on 0.5-em digits). Where the recogniser places each character
(``_charbox``), the month's last digit and the day's first then stand ``ROOM`` advances apart
or more, the advance measured on the year's four digits of the same read; a misread dot, or
a dot merged into the day's first digit, leaves no such room between two read digits.

The date is taken as read with the dot put back (2025-12-15) only when

- a second reading of the row (the page's second view, ``_entry_read.reread``) reads the same
  characters: the digits are read alike twice, as any date's;
- at least ``LEAST`` views (the page, its second view, the page with the seal's ink divided
  out: ``_number_unseal``) read the day's two digits and the month's last as the first read
  did and each either reads the dot there or places the digits a dot's room apart, and no view
  reading them alike places them closer;
- the date is a real one the registration rules allow (``_decision_date.fits``).

Anything else leaves the date unread and flagged, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from core.rules import Finding, normalize_digits
from scanning import _charbox
from scanning._datescan import DateRead, lost_separator
from scanning._decision_date import Around, fits
from scanning._entry_read import reread
from scanning._number_unseal import unsealed
from scanning._sticker_views import date_row
from scanning._stickers import Sticker

if TYPE_CHECKING:
    from scanning._scan import Page

ROOM = 1.4  # digit advances between digits a dot stands between (side by side 1.0, a dot 1.6)
LEAST = 2  # views that must show the dot's room
_LOST = re.compile(r"((?:19|20)\d\d)[^\d](\d\d)(\d\d)")  # 2025.1215: the day's dot lost
_SEPARATORS = ".,·:-/"


def lost_dot(
    page: Page, s: Sticker, field: str, around: Around, today: str
) -> tuple[Sticker, list[Finding]]:
    """``s`` with its decision date read with the dot put back, and a note, when the print
    shows the dot's room (see the module); else ``s`` as it was and no finding."""
    read = s.date
    if read is None or read.value is not None or not lost_separator(read.text):
        return s, []
    m = _LOST.fullmatch(_bare(read.text))
    row = date_row(s)
    if m is None or row is None:
        return s, []
    iso = _iso(*m.groups())
    if iso is None or not fits(iso, *_period(s), around, today):
        return s, []
    if _bare(reread(page, [row])[0].text) != _bare(row.text):
        return s, []  # the row not read alike twice
    bare = unsealed(page.image, row.box)
    views = [page.image, page.second_view, *([bare] if bare is not None else [])]
    shown = [_dot_shown(_charbox.glyphs(v, [row.box])[0], m[1], m[2] + m[3]) for v in views]
    seen = sum(x is True for x in shown)
    if seen < LEAST or any(x is False for x in shown):
        return s, []
    msg = (f"注册日期读作“{read.text}”，月、日之间缺分隔符；{seen} 个视图中月末位与日首位数字"
           f"之间留有分隔点的位置（或读到分隔点），读作 {iso}")
    ev = {"read": read.text, "rule": "字符位置"}
    return replace(s, date=DateRead(read.text, iso)), [Finding("corrected_date", field, msg,
                                                               "note", ev)]


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", normalize_digits(text))


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _period(s: Sticker) -> tuple[str | None, str | None]:
    return (s.start.value if s.start else None, s.end.value if s.end else None)


def _dot_shown(placed: Sequence[_charbox.Glyph], year: str, tail: str) -> bool | None:
    """Whether one view shows the dot between the month's last digit and the day's first
    (``tail``: the four digits read after the month's dot): True when it reads a dot there or
    places them ``ROOM`` advances apart, False when it reads those digits so but closer, None
    when it reads other digits there or not the year (nothing to measure by)."""
    glyphs = [g for g in placed if g.char.strip()]
    digits = [g for g in glyphs if g.char.isdigit()]
    if len(digits) < 7 or "".join(g.char for g in digits[:4]) != year:
        return None
    m2, d1, d2 = digits[-3:]
    if m2.char + d1.char + d2.char != tail[1:]:
        return None
    between = glyphs[glyphs.index(m2) + 1 : glyphs.index(d1)]
    if between:
        return len(between) == 1 and between[0].char in _SEPARATORS or None
    advance = float(np.mean([b.x - a.x for a, b in zip(digits[:3], digits[1:4], strict=True)]))
    return advance > 0 and (d1.x - m2.x) >= ROOM * advance
