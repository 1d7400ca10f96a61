"""What a seal leaves of a remark's date: a remnant that still marks where an entry ends.

A hand-written remark often closes with its date in Chinese numerals on a row of its own, set
to the right under the text, and the office's seal goes over that date. The seal's ink can
take most of the date from every reading, leaving a piece that is no date (二〇, 二〇一年五月
二十一, 六年五月九). Read as text, that piece glues two entries into one (one entry with two
texts, the other lost); dropped as a seal's lettering, the same happens with no trace.

A remnant is an entry's date all the same: it ends the entry above it and is flagged as
unreadable (never guessed). It is taken for one only where a date stands and a line of text
cannot: a box of its own on its row, starting well right of where the remark lines start (a
wrapped line of text starts at the margin), holding Chinese numerals and date units only —
the start of a year (二〇…, 一九…) or numerals with 年 or 月. Nothing in a remark's wording is
such a piece on a row of its own; a seal's ring lettering names an office, not numbers.

The page's detector often cuts such a date short where the seal's ring crosses it; the row read
again as a strip of its own may show it whole. The whole date is taken only when the strip's
line is that date and nothing else and both views of its box (``_ocr.readings``) read the same
real date; it is then checked under the seal like any other date.
"""

from __future__ import annotations

import re
import statistics

from core.rules import BRACKETS_FULL, BRACKETS_HALF, HAN, SENTENCE_MARKS
from scanning import _ocr
from scanning._datescan import DateRead, Found
from scanning._layout import Row
from scanning._ocr import Box, Image, Line
from scanning._remark_cn import find

__all__ = ["as_date", "lost_dates", "mend", "remnant"]

_EDGE = " " + SENTENCE_MARKS + BRACKETS_FULL + BRACKETS_HALF

_NUM = "〇○零一二三四五六七八九十"
# The first characters of a year in Chinese numerals (二〇, 二〇一, 一九九), nothing after them.
_YEAR_START = re.compile(rf"^(?:二[〇○零]|一九)[{_NUM}]{{0,2}}$")
# What a recogniser makes of a hand-written 日 a seal's ink went over: a box of about its
# shape (百 白 目 曰). After a month and its day's numerals nothing else can stand there.
_DAY_LOOKS = "百白目曰"
# Numerals with the units of a date, in a date's order, its end possibly lost (六年五月九).
_UNITS = re.compile(rf"^[{_NUM}]{{0,4}}年?[{_NUM}]{{0,3}}月?[{_NUM}]{{0,3}}[日号{_DAY_LOOKS}]?$")
_LOOKS_END = re.compile(rf"月[{_NUM}]{{1,3}}[{_DAY_LOOKS}]$")  # a look-alike only after a day
# A whole year in numerals whose 年 came back as another character (一九九九宿一月十四: a
# seal's stroke through the hand-written unit), then a month: no remark's words run so.
_YEAR_SLIP = re.compile(rf"^(?:一九|二[〇○零])[{_NUM}]{{2}}[^{_NUM}年月日][{_NUM}]{{1,3}}月"
                        rf"[{_NUM}]{{0,3}}[日号{_DAY_LOOKS}]?$")  # fmt: skip
# A piece of a date's numerals or units only (二, 〇一): what a seal's ring cut off its remnant.
_PIECE = re.compile(rf"^[{_NUM}年月日]{{1,4}}$")


def remnant(text: str) -> bool:
    """Whether ``text`` is what is left of a date in Chinese numerals: no date, but the start
    of a year, a whole year whose 年 was misread before a month, or three numerals or more
    with 年 or 月 in a date's order (its 日 perhaps read as a look-alike)."""
    t = re.sub(r"\s+", "", text)
    if not t or find(t):
        return False
    if _YEAR_START.match(t) or _YEAR_SLIP.match(t):
        return True
    numerals = sum(ch in _NUM for ch in t)
    if t[-1] in _DAY_LOOKS and not _LOOKS_END.search(t):
        return False
    return bool(_UNITS.match(t)) and numerals >= 3 and ("年" in t or "月" in t)


def lost_dates(lines: list[Line]) -> set[Box]:
    """Boxes of ``lines`` that are a remnant of a date standing where a date stands: right of
    the margin where the page's lines of text start, by more than two line heights."""
    body = [ln for ln in lines if len(HAN.findall(ln.text)) >= 4 and not remnant(ln.text)]
    if not body:
        return set()
    margin = min(ln.box[0] for ln in body)
    indent = 2 * statistics.median(ln.height for ln in body)
    placed = [ln for ln in lines if ln.box[0] > margin + indent]
    lost = [ln for ln in placed if remnant(ln.text)]
    # A ring crossing the date cuts a piece off it (二 | 二七年八月三十百): numerals alone,
    # set apart like the remnant on the remnant's row, are that date's too (``as_date`` joins
    # them only where the row's boxes together still make a remnant).
    pieces = [ln for ln in placed if _PIECE.match(re.sub(r"\s+", "", ln.text)) and any(
        _same_row(ln.box, r.box) for r in lost)]  # fmt: skip
    return {ln.box for ln in lost + pieces}


def _same_row(a: Box, b: Box) -> bool:
    """Whether ``a``'s vertical middle lies within ``b``'s height."""
    return b[1] <= (a[1] + a[3]) / 2 <= b[3]


def as_date(row: Row, lost: set[Box]) -> Found | None:
    """The row's remnant as an unreadable date, when the row holds such boxes and nothing
    else, and they join into one remnant left to right (二〇 | 七年八月十二: a seal's ring
    cut the date in two for the detector)."""
    text = "".join(ln.text.strip() for ln in row.lines)
    if not all(ln.box in lost for ln in row.lines) or not remnant(text):
        return None
    return Found(0, len(text), DateRead(text, None, "date_format"))


def mend(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with each remnant of a date (``lost_dates``) replaced by the whole date its
    row shows when read again as a strip, when every reading of that date agrees."""
    lost = lost_dates(lines)
    out: list[Line] = []
    for ln in lines:
        whole = _whole(image, ln) if ln.box in lost else None
        if whole is None:
            out.append(ln)
        elif whole not in out:  # two pieces of one date read whole once
            out.append(whole)
    return out


def _whole(image: Image, ln: Line) -> Line | None:
    """The whole date on ``ln``'s row: the strip's line over the remnant that is one real
    date and nothing else, read alike in both views of its box."""
    x0, y0, x1, y1 = ln.box
    pad = max(2, (y1 - y0) // 4)
    top, bottom = max(0, y0 - pad), min(image.shape[0], y1 + pad)
    for got in _ocr.read(image[top:bottom]) if bottom - top > 8 else []:
        box = (got.box[0], got.box[1] + top, got.box[2], got.box[3] + top)
        if not (box[0] <= x0 + (y1 - y0) and box[2] >= x1):
            continue  # not the line the remnant starts
        value = _only_date(got.text)
        views = _ocr.readings([(image, box)])[0]
        if value and views and all(_only_date(r.text) == value for r in views):
            return Line(got.text.strip(_EDGE), min(got.score, *(r.score for r in views)), box)
    return None


def _only_date(text: str) -> str | None:
    """The value of the one real date ``text`` holds, when it holds nothing else."""
    t = re.sub(r"\s+", "", text).strip(_EDGE)
    found = find(t)
    if len(found) != 1 or found[0].start or found[0].end != len(t):
        return None
    return found[0].read.value
