"""Sticker lines the first reading broke, read again from the page as scanned: a period
(至200年08月31日 for 至2026年08月31日, 2018-09-012123308-51 for 2018-09-01至2023-08-31) or an
authority (三亚市崖州区数有局, 汝城县教育和体5).

The page is first read with its red ink removed; where a seal crosses the print, that removal
also takes strokes of the characters beneath it. Such a line is read again from the page
itself, upscaled, and from its red channel (seal pale, print dark), with its own box and a box
a character wider. The new reading is taken only when

- at least two views read the same text (spaces aside), and no other view reads another real
  value there (another real date, another known authority);
- a period line then holds a whole period that keeps the 5-year rule and nothing date-like left
  unread, and every real date the first reading held is still there (one of two dates that
  broke the 5-year rule may go: it is the misread one);
- an authority line then names a known authority (place chain + office), where the first
  reading named none;
- the label before the value is the same.

Otherwise the line stays as read and its field stays flagged. The second reading in
``_sections`` still compares the sticker with another view of the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from core.rules import HAN_RANGE, NOT_HAN
from scanning import (
    _ocr,
    _sticker_below,
    _sticker_end,
    _sticker_gap,
    _sticker_label_band,
    _sticker_lost,
)
from scanning._datescan import LEADING_CONNECTOR, find_dates, fits
from scanning._ocr import Box, Image, Line, Reading
from scanning._period_rule import period_end
from scanning._vocab import is_authority

PAD = 1.0  # character heights added to the right of the wider box
_ENDS_IN_DATE = re.compile(r"\d[\s年月日号]*$")
_OFFICE = re.compile(rf"[{HAN_RANGE}]{{2,}}?(?:局|厅|委员会)$")
_AUTHORITY_LABEL = re.compile(r"^(?:注册|审核)(?:机关|部门|单位|机构)\s*[:：.]?")


def _real(text: str) -> list[str]:
    return [f.read.value for f in find_dates(text) if f.read.value]


def _stray_digits(text: str) -> int:
    """Digits outside every date-like span (a date the reading broke beyond recognition)."""
    for f in reversed(find_dates(text)):
        text = text[: f.start] + text[f.end :]
    return sum(ch.isdigit() for ch in text)


def _kept_rule(values: list[str]) -> bool:
    """Two consecutive dates that are one whole 5-year period."""
    return any(period_end(a) == b for a, b in zip(values, values[1:], strict=False))


def troubled(text: str) -> bool:
    """A line whose dates the reading broke: a date-like piece that is no real date, digits
    outside any date, or two dates that are no 5-year period."""
    found = find_dates(text)
    values = [f.read.value for f in found if f.read.value]
    broken = any(f.read.value is None for f in found) or _stray_digits(text) >= 3
    return broken or (len(values) >= 2 and not _kept_rule(values))


def _authority(text: str) -> str | None:
    """The value of an authority line (labelled, or a name ending in an office word)."""
    m = _AUTHORITY_LABEL.match(text)
    if m:
        return text[m.end() :]
    return text if _OFFICE.search(text) and not re.search(r"\d", text) else None


def unknown_authority(text: str) -> bool:
    """An authority line whose name is no known authority (a character misread)."""
    name = _authority(text)
    return name is not None and not is_authority(name)


def _labels(text: str) -> str:
    """What stands before the first digit or office name, letters only (the line's label)."""
    m = _AUTHORITY_LABEL.match(text)
    head = m.group(0) if m else re.split(r"\d", text, maxsplit=1)[0]
    return NOT_HAN.sub("", head)


def _plain(text: str) -> str:
    """``text`` without spaces, its colon full-width: views differ in nothing else there."""
    return re.sub(r"\s+", "", text).replace(":", "：")


def _as_long(old: str, new: str) -> str:
    """``new`` up to the end of its last real date when ``old`` ended in its date: what a
    view caught after it is a seal's lettering, not the line."""
    ends = [f.end for f in find_dates(new) if f.read.value]
    return new[: ends[-1]] if ends and _ENDS_IN_DATE.search(old) else new


def _period_repair(old: str, new: str) -> bool:
    """``new`` is ``old`` with its period whole (see the module's rules)."""
    whole = not troubled(new) and _kept_rule(_real(new))
    return whole and _accounted(old, new) and _labels(old) == _labels(new)


def _ndigits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _accounted(old: str, new: str) -> bool:
    """Every real date ``old`` held is in ``new``, or is a date of ``new`` with one digit lost
    (至2022年08月3日 for 至2022年08月31日: a real date, misread); a date changed digit for
    digit is another date, not a repair."""
    now = [f for f in find_dates(new) if f.read.value]
    return all(
        any(f.read.value == g.read.value for g in now)
        or any(
            g.read.value and fits(g.read.value, f.read.text)
            and _ndigits(f.read.text) < _ndigits(g.read.text)
            for g in now
        )
        for f in find_dates(old)
        if f.read.value
    )


def _authority_repair(old: str, new: str) -> bool:
    name = _authority(new)
    return name is not None and is_authority(name) and _labels(old) == _labels(new)


def _values(text: str) -> set[str]:
    """The real values a view read: dates, and the authority it names."""
    name = _authority(text)
    return set(_real(text)) | ({name} if name and is_authority(name) else set())


def choose(old: str, views: list[Reading], repairs: Callable[[str, str], bool]) -> str | None:
    """The one text at least two views read that repairs ``old``, unless a view reads another
    real value there."""
    texts = [
        _plain(_as_long(old, r.text)) for r in views if r.score >= _ocr.MIN_SCORE
    ]
    counts = Counter(t for t in texts if repairs(old, t))
    if len(counts) != 1:
        return None
    best, n = counts.most_common(1)[0]
    want = _values(best)
    other = any(not _values(t) <= want for t in texts)
    return None if n < 2 or other else best


def wider(ln: Line, lines: list[Line], width: int, heights: float = PAD) -> Box:
    """The line's box ``heights`` character heights wider, short of the next box level with
    it and of the page's edge."""
    level = [
        o for o in lines if o is not ln and min(ln.box[3], o.box[3]) > max(ln.box[1], o.box[1])
    ]
    nxt = min((o.box[0] for o in level if o.box[0] >= ln.box[2]), default=width)
    right = min(width, nxt - 2, ln.box[2] + int(heights * ln.height))
    return (ln.box[0], ln.box[1], max(ln.box[2], right), ln.box[3])


def _repairs_for(text: str) -> Callable[[str, str], bool] | None:
    if troubled(text):
        return _period_repair
    return _authority_repair if unknown_authority(text) else None


def _agreed(old: str, views: list[Reading]) -> str | None:
    """The text at least two views read, unless a view reads another real value."""
    texts = [
        _plain(_as_long(old, r.text)) for r in views if r.score >= _ocr.MIN_SCORE
    ]
    if not texts:
        return None
    best, n = Counter(texts).most_common(1)[0]
    return best if n >= 2 and all(_values(t) <= _values(best) for t in texts) else None


def _split_periods(lines: list[Line]) -> list[tuple[Line, Line]]:
    """(line, the line below it starting with 至…) pairs whose joined period the reading broke
    (有效期：2017年09月日 / 至2022年08月3日)."""
    out = []
    for b in lines:
        if not (m := LEADING_CONNECTOR.match(b.text)) or not b.text[m.end() :][:1].isdigit():
            continue
        above = [
            a for a in lines
            if a.box[3] <= b.cy and b.box[1] - a.box[3] < b.height and a.box[0] <= b.box[0]
        ]  # fmt: skip
        if above:
            a = max(above, key=lambda x: x.box[3])
            if len(find_dates(a.text)) <= 1 and troubled(a.text + b.text):
                out.append((a, b))
    return out


def mend(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with each line (or a period's two lines) whose period or authority the
    reading broke read again from ``image``, when the views agree (see the module's rules),
    and with a sticker's decision-date row the detector lost (``_sticker_lost``)."""
    pairs = _split_periods(lines)
    paired = {ln.box for pair in pairs for ln in pair}
    bad = [(ln, rule) for ln in lines
           if ln.box not in paired and (rule := _repairs_for(ln.text)) is not None]  # fmt: skip
    todo = [ln for ln, _ in bad] + [ln for pair in pairs for ln in pair]
    if not todo:
        return _lost_rows(image, lines)
    boxes = [b for ln in todo for b in (ln.box, wider(ln, lines, image.shape[1]))]
    got = _ocr.readings([(image, b) for b in boxes], red=True)
    views = {ln.box: got[2 * k] + got[2 * k + 1] for k, ln in enumerate(todo)}
    fixed: dict[Box, Line] = {}
    for ln, rule in bad:
        if (text := choose(ln.text, views[ln.box], rule)) is not None:
            fixed[ln.box] = Line(text, ln.score, ln.box)
    for a, b in pairs:
        ta, tb = _agreed(a.text, views[a.box]), _agreed(b.text, views[b.box])
        if ta and tb and _period_repair(a.text + b.text, ta + tb):
            fixed[a.box], fixed[b.box] = Line(ta, a.score, a.box), Line(tb, b.score, b.box)
    return _lost_rows(image, [fixed.get(ln.box, ln) for ln in lines])


def _lost_rows(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with the rows a seal hid from the detector, read where they would stand: a
    period beside its label (``_sticker_label_band``), an office between two rows
    (``_sticker_gap``), a period below a lone conclusion (``_sticker_below``), a period's end
    below its start (``_sticker_end``), a decision date
    below the last row (``_sticker_lost``)."""
    lines = _sticker_gap.found(image, _sticker_label_band.found(image, lines))
    lines = _sticker_below.found(image, lines)
    return _sticker_lost.found(image, _sticker_end.found(image, lines))
