"""Remark dates the page reading broke (a stroke of the seal read as a digit, a digit lost
under it: 2008年005月24日, 2007年月25日), mended by reading the box again before the entries
are formed.

A broken date is no date, so the entry lost its anchor: its text joined a neighbour's entry
or the box was dropped as the seal's ring lettering. The box is read again (upscaled, and in
the red channel where a red seal turns pale); when every reading holds the same real date,
that reading is the line. Readings holding two different dates, or a broken one, leave the
line as read: the entry is then flagged as before (no date, or text with digits).
"""

from __future__ import annotations

import re

from scanning import _ocr
from scanning._datescan import find_dates
from scanning._ocr import Image, Line

# A date whose digits or unit marks the reading broke: a year-like digit run and 年/月/日 or
# a separator after it, and no real date in the text.
_DATEISH = re.compile(r"(?:19|20)\d{0,2}\s*年|\d{4}\s*[.\-/]\s*\d|\d\s*[月日]")


def dateish(text: str) -> bool:
    """Whether ``text`` looks like a date the reading broke (no real date in it)."""
    compact = re.sub(r"\s+", "", text)
    digits = sum(ch.isdigit() for ch in compact)
    real = any(f.read.value for f in find_dates(compact))
    return not real and digits >= 4 and bool(_DATEISH.search(compact))


def _one_date(texts: list[str]) -> str | None:
    """The reading to take: every reading holds one real date, the same one (a view that
    still lost the digit may have lost it because the other guessed it)."""
    values = {tuple(f.read.value for f in find_dates(t)) for t in texts}
    if not texts or len(values) != 1 or len(v := next(iter(values))) != 1 or v[0] is None:
        return None
    return texts[0]


def mend(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with each broken date read again, taken when the readings agree on it."""
    broken = [ln for ln in lines if dateish(ln.text)]
    if not broken:
        return lines
    got = _ocr.readings([(image, ln.box) for ln in broken], red=True)
    fixed: dict[tuple[int, int, int, int], str] = {}
    for ln, rs in zip(broken, got, strict=True):
        text = _one_date([r.text for r in rs if r.score >= _ocr.MIN_SCORE])
        if text is not None:
            fixed[ln.box] = text
    return [Line(fixed[ln.box], ln.score, ln.box) if ln.box in fixed else ln for ln in lines]
