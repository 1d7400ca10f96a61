"""A sticker's decision-date row the detector lost (日期：2016年7月5日 under a seal's ring), read
from the page where the next row of the sticker stands.

A seal stamped over a sticker's last row can hide the row from the text detector (the ring and
the row make one blot): the sticker then has a conclusion, a period and an office but no
decision date, and the entry goes to review with its date ``missing`` although a clerk reads it
at once. For such a sticker (a conclusion read, no date of any kind) the band one row pitch
below its last row, across the sticker's width, is read when nothing was detected there and it
holds ink: upscaled as scanned and in the red channel (seal pale), in a box as wide as the
sticker and one a character narrower at the right (where a seal's lettering may run on). The
row is taken only when

- every reading (at least three of the four) gives the same text, what follows its last date
  dropped (a seal's lettering), and that text is a date row: a labelled decision date (日期：…,
  注册日期：…) or a lone date, no digit outside it (a period whose end a seal broke,
  2017.01.01-2021.123, is no decision date). A seal's rim across a digit makes one view lose
  or change it (7月日, 7月3日 for 7月5日): then the row stays unread.

The row then goes with the page's lines; the entry's second reading and every date rule still
check it. Otherwise nothing is added and the date stays ``missing``.
"""

from __future__ import annotations

import re
import statistics

import numpy as np

from scanning import _ocr, _stickers
from scanning._datescan import find_dates
from scanning._layout import Row
from scanning._ocr import Box, Image, Line

INK = 0.01  # share of the band's pixels that must be dark for a row to be there
DARK = 0.6  # a pixel darker than this share of the band's paper is ink
BELOW = (0.15, 1.25)  # the band, in row heights from one pitch below the last row's top
NARROW = 1.0  # row heights taken off the right of the second box
AGREE = 3  # readings (of four) that must all give the same row


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(":", "：")


def to_last_date(text: str) -> str:
    """``text`` up to the end of its last real date when only letters follow it (a seal's
    lettering); digits after it (a period's broken end, 2017.01.01-2021.123) are kept."""
    ends = [f.end for f in find_dates(text) if f.read.value]
    if not ends or re.search(r"\d", text[ends[-1] :]):
        return text
    return text[: ends[-1]]


def _stray_digits(text: str) -> bool:
    """A digit outside every date of ``text``."""
    for f in reversed(find_dates(text)):
        text = text[: f.start] + text[f.end :]
    return bool(re.search(r"\d", text))


def _band(s: _stickers.Sticker, height: int, width: int) -> Box | None:
    """Where the sticker's next row would stand, or None when it leaves the page."""
    rs: list[Row] = sorted(s.rows, key=lambda r: r.top)
    lh = statistics.median(r.bottom - r.top for r in rs)
    tops = [b.top - a.top for a, b in zip(rs, rs[1:], strict=False) if b.top > a.top]
    pitch = statistics.median(tops) if tops else 1.3 * lh
    pitch = min(max(pitch, 1.0 * lh), 2.0 * lh)
    y0 = int(rs[-1].top + pitch - BELOW[0] * lh)
    y1 = int(rs[-1].top + pitch + BELOW[1] * lh)
    x0 = max(0, int(min(r.box[0] for r in rs) - 0.5 * lh))
    x1 = min(width, max(r.box[2] for r in rs))
    if y1 > height or x1 - x0 < 3 * lh:
        return None
    return (x0, y0, x1, y1)


def free(band: Box, lines: list[Line]) -> bool:
    """No detected line has its centre in the band."""
    x0, y0, x1, y1 = band
    return not any(
        x0 <= (ln.box[0] + ln.box[2]) / 2 <= x1 and y0 <= ln.cy <= y1 for ln in lines
    )


def inked(image: Image, band: Box) -> bool:
    """Ink of a row in the band: at least ``INK`` of its pixels darker than ``DARK`` of its
    paper."""
    x0, y0, x1, y1 = band
    piece = image[y0:y1, x0:x1]
    if piece.size == 0:
        return False
    grey = piece if piece.ndim == 2 else piece.min(axis=2)
    paper = float(np.percentile(grey, 90))
    return bool(float((grey < DARK * paper).mean()) >= INK)


def _date_row(text: str) -> bool:
    """A decision date, labelled or alone, and nothing else an entry says."""
    said = _stickers.row_pieces(text)
    return (
        not _stray_digits(text)
        and len(said) == 1
        and said[0].kind in ("date", "bare")
        and len(said[0].dates) == 1
        and said[0].dates[0].value is not None
    )


def _agreed(texts: list[str]) -> str | None:
    """The date row every reading gives (at least ``AGREE`` of them): a reading that lost or
    changed a digit (a seal's rim across it) leaves the row unread."""
    said = set(texts)
    if len(texts) < AGREE or len(said) != 1:
        return None
    best = said.pop()
    return best if _date_row(best) else None


def found(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with the lost decision-date row of each sticker that has none (see the
    module's rules)."""
    h, w = image.shape[:2]
    bands = []
    for s in _stickers.group(lines):
        if s.conclusion is None or s.date is not None or s.bare or not s.rows:
            continue
        band = _band(s, h, w)
        if band is not None and free(band, lines) and inked(image, band):
            bands.append(band)
    if not bands:
        return lines
    lh = [b[3] - b[1] for b in bands]
    boxes = [(x0, y0, max(x0 + 1, x1 - int(NARROW * k / 1.4)), y1)
             for (x0, y0, x1, y1), k in zip(bands, lh, strict=True)]  # fmt: skip
    got = _ocr.readings([(image, b) for pair in zip(bands, boxes, strict=True) for b in pair])
    out = list(lines)
    for k, band in enumerate(bands):
        views = got[2 * k] + got[2 * k + 1]
        texts = [_plain(to_last_date(r.text)) for r in views if r.score >= _ocr.MIN_SCORE]
        if (text := _agreed(texts)) is not None:
            score = min(r.score for r in views if r.score >= _ocr.MIN_SCORE)
            out.append(Line(text, score, band))
    return sorted(out, key=lambda ln: (ln.cy, ln.box[0]))
