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
from collections.abc import Sequence

import numpy as np

from core import clock
from core.rules import HAN
from scanning import _ocr
from scanning._datescan import find_dates, read_date
from scanning._layout import shared
from scanning._ocr import Box, Image, Line
from scanning._seal_shape import Ring

# A numeric date's year with one digit read as a Latin letter (2v24.09.19: a seal's star over
# the 0): three digits and a letter, then a separator and a digit.
_LETTERED = r"(?:[A-Za-z]\d{3}|\d[A-Za-z]\d\d|\d\d[A-Za-z]\d|\d{3}[A-Za-z])\s*[.\-/]\s*\d"
# A date whose digits or unit marks the reading broke: a year-like digit run and 年/月/日 or
# a separator after it, or a year that lost a digit under a seal's star before its separator
# (-224.0413 for 2024.04.13), and no real date in the text.
# Centres of the thin bands read across a grey seal, in radii from its centre.
_BANDS = (-0.6, -0.2, 0.0, 0.2, 0.6)
_DATEISH = re.compile(r"(?:19|20)\d{0,2}\s*年|\d{3,4}\s*[.\-/]\s*\d|\d\s*[月日]|" + _LETTERED)
# A numeric date whose separators a seal's star or ring took (2025.01.17 read 40250117, its
# first digit misread too): a box that is a run of seven or eight digits and nothing else.
_RUN = re.compile(r"\d{7,8}")


# A Chinese-numeral date whose year kept three characters (二二五年五月七日: 〇 lost) or two
# (一一年三月八日: its head 二〇 lost).
_SHORT_YEAR = re.compile(r"^\s*([〇○零一二三四五六七八九十]{2,3})\s*(年.*)$")
_FIRST_YEAR = 1993  # the first certificates under the 1993 Teachers Law
_NUMERALS = "〇一二三四五六七八九"


def suggest_cn(text: str) -> str | None:
    """For a Chinese-numeral date whose year lost one character (二二五年 for 二〇二五年) or two
    (一一年 for 二〇一一年: a hand's small 〇 and the numeral before it faded or cut), the one
    real date between 1993 and today that the numerals put back anywhere in the year make; a
    suggestion a person confirms, never taken without review. Two such dates (二〇五年: 2005,
    2015 or 2025; 二二年: 2002, 2012, 2020 …) give none."""
    m = _SHORT_YEAR.match(text)
    if m is None:
        return None
    year, rest = m.groups()
    today = clock.today().isoformat()
    found = set()
    for full in _filled(year, 4 - len(year)):
        value = read_date(full + rest).value
        if value and f"{_FIRST_YEAR}" <= value <= today:
            found.add(value)
    return found.pop() if len(found) == 1 else None


def _filled(year: str, n: int) -> set[str]:
    """``year`` with ``n`` numerals put back, each anywhere."""
    if n == 0:
        return {year}
    return {
        done
        for k in range(len(year) + 1)
        for ch in _NUMERALS
        for done in _filled(year[:k] + ch + year[k:], n - 1)
    }


def dateish(text: str) -> bool:
    """Whether ``text`` looks like a date the reading broke (no real date in it)."""
    compact = re.sub(r"\s+", "", text)
    digits = sum(ch.isdigit() for ch in compact)
    real = any(f.read.value for f in find_dates(compact))
    return not real and digits >= 4 and bool(_DATEISH.search(compact) or _RUN.fullmatch(compact))


def _one_date(page: str, views: list[str]) -> str | None:
    """The reading to take: every view holds one real date, the same one; or one view does
    and every digit of it is read alike by another reading, no reading holding another date
    and each of them at most one digit off (lost or misread: 2007年月25日 and 3007年3月25日
    beside 2007年3月25日). A guessed digit is then always seen by a second reading."""
    values = [[f.read.value for f in find_dates(t) if f.read.value] for t in views]
    if views and all(len(v) == 1 for v in values) and len({v[0] for v in values}) == 1:
        return views[0]
    dated = [t for t, v in zip(views, values, strict=True) if len(v) == 1]
    if len({_digits(t) for t in dated}) != 1:
        return None
    others = [t for t in [page, *views] if t not in dated]
    return dated[0] if _witnessed(_digits(dated[0]), others) else None


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def _witnessed(want: str, others: list[str]) -> bool:
    """Every digit of ``want`` read alike by one of ``others``, each of which holds no real
    date and is ``want`` with at most one digit lost or misread (or its very digits, the
    marks between them broken)."""
    seen = [False] * len(want)
    for t in others:
        got = _digits(t)
        if any(f.read.value for f in find_dates(t)):
            return False
        if len(got) == len(want):
            off = {k for k in range(len(want)) if got[k] != want[k]}
            # No digit off (2025.01 17: the digits, the marks broken) witnesses every digit.
            if len(off) > 1:
                return False
        elif len(got) == len(want) - 1:
            off = {k for k in range(len(want)) if want[:k] + want[k + 1 :] == got}
            if not off:
                return False
        else:
            return False
        seen = [s or k not in off for k, s in enumerate(seen)]
    return bool(others) and all(seen)


# A numeric date whose separating dots the upscaled views lost (2021.12.5 read 2021 12 5): the
# whole box is a year, a month and a day apart by white space only.
_SPACED = re.compile(r"\s*((?:19|20)\d\d)\s+(\d{1,2})\s+(\d{1,2})\s*")


def _spaced(text: str) -> str:
    """``text`` with a date written in numbers apart by white space given its dots back; any
    other text as it is."""
    m = _SPACED.fullmatch(text)
    return ".".join(m.groups()) if m else text


def mend(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with each broken date read again, taken when the readings agree on it."""
    broken = [ln for ln in lines if dateish(ln.text)]
    if not broken:
        return lines
    got = _ocr.readings([(image, ln.box) for ln in broken], red=True)
    fixed: dict[tuple[int, int, int, int], str] = {}
    for ln, rs in zip(broken, got, strict=True):
        views = [_spaced(r.text) for r in rs if r.score >= _ocr.MIN_SCORE]
        text = _one_date(ln.text, views) if len(views) == len(rs) else None
        if text is not None:
            fixed[ln.box] = text
    return [Line(fixed[ln.box], ln.score, ln.box) if ln.box in fixed else ln for ln in lines]


def _overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share more than a third of the smaller one."""
    return shared(a, b) > 1 / 3


def recover(image: Image, lines: list[Line], rings: Sequence[Ring]) -> list[Line]:
    """``lines`` with the dates a grey seal hid from the page's detector: a ring's strokes
    around a date make the detector miss it (two entries then merge), but a thin band across
    the ring, with most of the rim cut off, shows it. Only boxes that hold one real date and
    overlap nothing already read but a broken date (which gives way) are added; the date is
    then checked under the seal like any other (``_seal_proof``)."""
    out = list(lines)
    height = image.shape[0]
    for ring in rings:
        for k in _BANDS:
            y0 = max(0, int(ring.cy + (k - 0.4) * ring.r))
            y1 = min(height, int(ring.cy + (k + 0.4) * ring.r))
            for ln in _ocr.read(image[y0:y1]) if y1 - y0 > 8 else []:
                box = (ln.box[0], ln.box[1] + y0, ln.box[2], ln.box[3] + y0)
                found = [f for f in find_dates(ln.text) if f.read.value]
                under = [o for o in out if _overlaps(box, o.box)]
                # A box the page read there as a broken date (11年05月23日) gives way.
                if len(found) == 1 and all(dateish(o.text) for o in under):
                    text = ln.text[found[0].start : found[0].end]
                    out = [o for o in out if o not in under] + [Line(text, ln.score, box)]
    return sorted(out, key=lambda x: (x.cy, x.box[0]))


# A grey seal over a remark line can make the page's detector miss the whole line (its date
# and its text), not only the date: the entry is then lost without a trace. Ink as dark as
# writing level with a seal, beside it and under no box read, is read again as a strip.
HIDDEN_INK = 150  # grey level below which a pixel is writing (a security pattern is paler)
HIDDEN_ROW = 0.02  # share of a row's width inked for the row to carry writing
ROOM = 1.15  # a seal's ink reaches this many radii from its centre


def _unread_bands(
    image: Image, lines: Sequence[Line], rings: Sequence[Ring]
) -> list[tuple[int, int]]:
    """Bands of rows level with a seal where writing stands beside it under no box read."""
    grey = image if image.ndim == 2 else image[..., 1]
    ink = grey < HIDDEN_INK
    for ln in lines:
        x0, y0, x1, y1 = ln.box
        ink[max(0, y0 - 4) : y1 + 4, max(0, x0 - 4) : x1 + 4] = False
    bands: list[tuple[int, int]] = []
    for ring in rings:
        top, bottom = max(0, int(ring.cy - ring.r)), min(ink.shape[0], int(ring.cy + ring.r))
        left, right = max(0, int(ring.cx - ROOM * ring.r)), int(ring.cx + ROOM * ring.r)
        side = np.concatenate([ink[top:bottom, :left], ink[top:bottom, right:]], axis=1)
        if side.shape[1] == 0:
            continue
        inked = side.sum(axis=1) >= HIDDEN_ROW * side.shape[1]
        start = None
        for y, on in enumerate([*inked, False]):
            if on and start is None:
                start = y
            elif not on and start is not None:
                if y - start >= 8:
                    bands.append((top + start, top + y))
                start = None
    return sorted(set(bands))


def hidden(
    image: Image, lines: list[Line], rings: Sequence[Ring], earliest: str | None
) -> list[Line]:
    """``lines`` with the dated remark lines a grey seal hid from the page's detector: a band
    of writing beside a seal that no box covers is read again, and a line it yields that holds
    a real date (not before ``earliest``) and overlaps nothing read is added whole. The entry
    is then checked under the seal like any other (``_seal_proof``)."""
    out = list(lines)
    height = image.shape[0]
    done: list[tuple[int, int]] = []
    for y0, y1 in _unread_bands(image, lines, rings):
        if any(a <= y0 and y1 <= b for a, b in done):  # two seals level with one band
            continue
        pad = (y1 - y0) // 2
        top, bottom = max(0, y0 - pad), min(height, y1 + pad)
        done.append((top, bottom))
        for ln in _ocr.read(image[top:bottom]):
            box = (ln.box[0], ln.box[1] + top, ln.box[2], ln.box[3] + top)
            values = [f.read.value for f in find_dates(ln.text) if f.read.value]
            real = any(not earliest or v >= earliest for v in values)
            if real and not any(_overlaps(box, o.box) for o in out):
                out.append(Line(ln.text, ln.score, box, ln.alternatives))
    return sorted(out, key=lambda x: (x.cy, x.box[0]))




def hidden_words(
    image: Image, lines: list[Line], rings: Sequence[Ring], dates: Sequence[Box]
) -> list[Line]:
    """Lines of words a grey seal hid from the page's detector next to ``dates`` (the boxes of
    dates read without their text), between the rows read either side of each: a band of
    writing beside a seal under no box read is read again, and a line it yields that starts
    beside the seal, holds three Chinese characters or more and no date, and overlaps nothing
    read, is returned. Words alone beside a seal may be show-through or the seal's lettering,
    so only an entry that lost its whole text looks here, and what is found stays in doubt."""
    out: list[Line] = []
    height = image.shape[0]
    spans = [_between(lines, d, height) for d in dates]
    for y0, y1 in _unread_bands(image, lines, rings):
        if not any(a <= (y0 + y1) / 2 <= b for a, b in spans):
            continue
        pad = (y1 - y0) // 2
        top, bottom = max(0, y0 - pad), min(height, y1 + pad)
        for ln in _ocr.read(image[top:bottom]):
            box = (ln.box[0], ln.box[1] + top, ln.box[2], ln.box[3] + top)
            beside = any(box[0] < r.cx - ROOM * r.r for r in rings)
            words = len(HAN.findall(ln.text)) >= 3 and not find_dates(ln.text)
            if beside and words and not any(_overlaps(box, o.box) for o in [*lines, *out]):
                out.append(Line(ln.text, ln.score, box, ln.alternatives))
    return out


def _between(lines: Sequence[Line], date: Box, height: int) -> tuple[float, float]:
    """The heights from the row read above ``date`` to the row read below it."""
    above = [ln.box[3] for ln in lines if ln.box[3] <= date[1]]
    below = [ln.box[1] for ln in lines if ln.box[1] >= date[3]]
    return max(above, default=0), min(below, default=height)
