"""A sticker's period the text detector lost beside its label (有效期限 | 2017年8月8日至2022年8月7日
under a seal's ring), read from the page where the label's value stands.

A seal stamped across a form-like sticker's period can hide the whole value from the detector
(the ring and the print make one blot): the label 有效期限 is read, its value is not, and the
entry goes to review with "注册合格但未识别到有效期" although a clerk reads the period at once.
For a period label alone on its row (nothing detected level with it on its right) whose
sticker's other values stand in a column right of their labels, the band level with the label
across that value column is read when it holds ink: upscaled as scanned and in a second view
(seal pale), in the band and in a band a character narrower at the right (where the seal's
lettering runs on). The row is taken only when

- at least two readings give the same text, what follows its last date dropped (a seal's
  lettering), and no reading gives another real date;
- that text, read as the label's value, is one whole period whose ends keep the 5-year rule
  exactly (``core.rules.registration_period``), nothing else.

The row then goes with the page's lines: the entry's second reading, the decision-date rule and
every other rule still check it. Otherwise nothing is added and the period stays flagged.
"""

from __future__ import annotations

import re
import statistics

import numpy as np

from scanning import _ocr
from scanning._datescan import find_dates
from scanning._ocr import Box, Image, Line
from scanning._period_rule import period_end
from scanning._sticker_rows import row_pieces

INK = 0.02  # share of the band's pixels that must be dark for a value to be there
DARK = 0.6  # a pixel darker than this share of the band's paper is ink
WIDTH = 14.0  # label heights the band reaches right of the value column's left edge
NEAR = 6.0  # label heights above or below the label a value of the same sticker stands
NARROW = 3.0  # label heights taken off the right of the second box
AGREE = 2  # readings that must give the same text


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(":", "：")


def _to_last_date(text: str) -> str:
    """``text`` up to the end of its last real date when no digit follows it."""
    ends = [f.end for f in find_dates(text) if f.read.value]
    if not ends or re.search(r"\d", text[ends[-1] :]):
        return text
    return text[: ends[-1]]


def _period_label(ln: Line) -> str | None:
    """The period label ``ln`` is alone (有效期限, 有效期：), or None."""
    said = row_pieces(ln.text)
    if len(said) == 1 and said[0].kind == "label" and said[0].text == "valid":
        return re.sub(r"\s+", "", ln.text)
    return None


def _level(a: Box, b: Box) -> bool:
    """The two boxes share half the lower one's height."""
    shared = min(a[3], b[3]) - max(a[1], b[1])
    return shared >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _band(label: Line, lines: list[Line], width: int) -> Box | None:
    """Where the label's value stands: level with it, from the left edge of the values right
    of the sticker's other labels (within ``NEAR`` label heights) across ``WIDTH`` heights;
    None when something was detected there or no value column is seen."""
    h = label.height
    if any(o is not label and o.box[0] >= label.box[2] and _level(o.box, label.box)
           for o in lines):  # fmt: skip
        return None
    values = [
        o for o in lines
        if o.box[0] > label.box[2] and abs(o.cy - label.cy) <= NEAR * h
        and any(_level(o.box, lab.box) and lab.box[2] <= o.box[0] for lab in lines
                if lab is not o and _is_label(lab))
    ]  # fmt: skip
    if not values:
        return None
    x0 = int(statistics.median(o.box[0] for o in values))
    if x0 - label.box[2] > 4 * h:
        return None
    x0 = max(label.box[2] + 1, x0 - h // 3)
    x1 = min(width, int(x0 + WIDTH * h))
    if x1 - x0 < 6 * h:
        return None
    return (x0, label.box[1] - h // 6, x1, label.box[3] + h // 6)


def _is_label(ln: Line) -> bool:
    said = row_pieces(ln.text)
    return len(said) == 1 and said[0].kind == "label"


def _inked(image: Image, band: Box) -> bool:
    x0, y0, x1, y1 = band
    k = (y1 - y0) // 5  # the row's own height: the box's rules above and below left out
    piece = image[y0 + k : y1 - k, x0:x1]
    if piece.size == 0:
        return False
    grey = piece if piece.ndim == 2 else piece.min(axis=2)
    paper = float(np.percentile(grey, 90))
    return bool(float((grey < DARK * paper).mean()) >= INK)


def whole_period(label: str, text: str) -> tuple[str, str] | None:
    """The period ``text`` read as the value of the period label ``label`` is, when it is one
    whole period that keeps the 5-year rule and says nothing else."""
    said = row_pieces(label + text)
    if len(said) != 1 or said[0].kind != "range":
        return None
    start, end = (d.value for d in said[0].dates)
    return (start, end) if start and end and period_end(start) == end else None


def agreed(label: str, texts: list[str]) -> str | None:
    """A text giving the one period at least ``AGREE`` readings give (a seal's rim may take
    a 日 from one of them), when no reading gives another real date."""
    periods = {t: p for t in texts if (p := whole_period(label, t))}
    if len(set(periods.values())) != 1:
        return None
    if sum(t in periods for t in texts) < AGREE:
        return None
    want = set(next(iter(periods.values())))
    if any({f.read.value for f in find_dates(t) if f.read.value} - want for t in texts):
        return None
    return max(periods, key=len)


def _narrower(band: Box) -> Box:
    """``band`` ``NARROW`` row heights shorter at the right (where a seal's lettering runs)."""
    x0, y0, x1, y1 = band
    return (x0, y0, max(x0 + 1, x1 - int(NARROW * (y1 - y0) / 1.4)), y1)


def found(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with the period row each lone period label lost, read from the page (see
    the module's rules)."""
    h, w = image.shape[:2]
    todo: list[tuple[str, Box]] = []
    for ln in lines:
        label = _period_label(ln)
        band = _band(ln, lines, w) if label else None
        if label and band and band[3] <= h and _inked(image, band):
            todo.append((label, band))
    if not todo:
        return lines
    boxes = [b for _, band in todo for b in (band, _narrower(band))]
    got = _ocr.readings([(image, b) for b in boxes], red=True)
    out = list(lines)
    for k, (label, band) in enumerate(todo):
        views = [r for r in got[2 * k] + got[2 * k + 1] if r.score >= _ocr.MIN_SCORE]
        texts = [_plain(_to_last_date(r.text)) for r in views]
        if (text := agreed(label, texts)) is not None:
            score = min(r.score for r in views if whole_period(label, _plain(r.text)))
            out.append(Line(text, score, band))
    return sorted(out, key=lambda ln: (ln.cy, ln.box[0]))
