"""A registration period's end row the text detector lost below its start (自2022年4月19日 /
至2027年4月18日 under a seal's ring), read from the page where that row stands.

A period printed on two lines puts its end right below its start. A seal stamped across the
second line (on a greyscale scan its ring stays grey, nothing removes it) can hide the row from
the detector: the ring and the print make one blot. The entry then has a start and no end and
goes to review with ``valid_until`` missing, although a clerk reads the end at once. For such a
sticker (a start read, no end, no empty-period dash) the band one row below the start's line,
from a character left of it across the width a whole end row takes, is read when nothing was
detected there and it holds ink: upscaled as scanned and in the second view (seal pale), in the
band and in a band a few characters narrower at the right (where the seal's lettering runs on).
The row is taken only when

- at least ``AGREE`` readings give the same text, what follows its last date dropped (a seal's
  lettering), and that text is a period's end (至…, or a lone date) and nothing else;
- its date is exactly the end the 5-year rule gives the start (``period_end``): an end read
  another way, or a reading that gives another real date, leaves the row unread.

The rule holds for any booklet: the period of a 定期注册 is five years by regulation, and the
end is read from the page, not inferred; the rule only confirms the reading. The row then goes
with the page's lines and the entry's second reading still checks it. Otherwise nothing is
added and the end stays ``missing``.
"""

from __future__ import annotations

import re

from scanning import _ocr, _stickers
from scanning._datescan import find_dates
from scanning._ocr import Box, Image, Line
from scanning._period_rule import period_end
from scanning._sticker_lost import free, inked, to_last_date
from scanning._sticker_rows import row_pieces

BELOW = (0.15, 1.35)  # the band, in the start line's heights below its bottom
LEFT = 1.0  # line heights the band reaches left of the start's line
# Line heights an end may reach right of its start's line: 至 for no 自, a 日 the start lost,
# two more digits (2021年1月1日 至 2025年12月31日).
LONGER = 2.5
WIDER = 3.0  # line heights the first box reaches further right (a seal's lettering may run on)
AGREE = 2  # readings that must give the same end


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(":", "：")


def _start_line(s: _stickers.Sticker) -> Line | None:
    """The one line holding the start of a sticker whose period has no end."""
    if s.start is None or s.end is not None or s.nil or not s.start.value:
        return None
    held = [ln for ln in s.lines if s.start.text in ln.text]
    return held[0] if len(held) == 1 else None


def _band(start: Line, width: int, height: int) -> Box | None:
    """Where the end's row would stand below ``start``, or None when it leaves the page."""
    h = start.height
    y0, y1 = int(start.box[3] + BELOW[0] * h), int(start.box[3] + BELOW[1] * h)
    x0 = max(0, int(start.box[0] - LEFT * h))
    x1 = min(width, int(start.box[2] + (LONGER + WIDER) * h))
    return None if y1 > height or x1 - x0 < 4 * h else (x0, y0, x1, y1)


def end_of(text: str, start: str) -> bool:
    """``text`` is a period's end and nothing else (至2027年4月18日, or the date alone), and
    its date is the one the 5-year rule gives ``start``."""
    said = row_pieces(text)
    if len(said) != 1 or said[0].kind not in ("end", "bare") or len(said[0].dates) != 1:
        return False
    return said[0].dates[0].value == period_end(start)


def agreed(texts: list[str], start: str) -> str | None:
    """The end at least ``AGREE`` readings give, when no reading gives another real date."""
    ends = [t for t in texts if end_of(t, start)]
    if len(ends) < AGREE or len({_date(t) for t in ends}) != 1:
        return None
    want = period_end(start)
    if any(f.read.value and f.read.value != want for t in texts for f in find_dates(t)):
        return None
    return max(ends, key=len)


def _date(text: str) -> str | None:
    found = find_dates(text)
    return found[0].read.value if found else None


def found(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with the end row each sticker's period lost below its start (see the
    module's rules)."""
    h, w = image.shape[:2]
    todo: list[tuple[str, Box, Box]] = []
    for s in _stickers.group(lines):
        start = _start_line(s)
        band = _band(start, w, h) if start else None
        if start and band and free(band, lines) and inked(image, band) and s.start:
            todo.append((s.start.value or "", band, _narrower(band, start)))
    if not todo:
        return lines
    boxes = [b for _, band, narrow in todo for b in (band, narrow)]
    got = _ocr.readings([(image, b) for b in boxes], red=True)
    out = list(lines)
    for k, (first, band, _) in enumerate(todo):
        views = [r for r in got[2 * k] + got[2 * k + 1] if r.score >= _ocr.MIN_SCORE]
        texts = [_plain(to_last_date(r.text)) for r in views]
        if (text := agreed(texts, first)) is not None:
            score = min(r.score for r, t in zip(views, texts, strict=True) if end_of(t, first))
            out.append(Line(text, score, band))
    return sorted(out, key=lambda ln: (ln.cy, ln.box[0]))


def _narrower(band: Box, start: Line) -> Box:
    """``band`` ending ``LONGER`` line heights right of the start's line (without what a
    seal's lettering adds further right)."""
    x0, y0, x1, y1 = band
    return (x0, y0, min(x1, int(start.box[2] + LONGER * start.height)), y1)
