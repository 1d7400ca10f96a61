"""A date whose month or day was read with fewer digits than its print holds.

A seal's ring, a fold or glare can take one digit of a two-digit month or day from every view
alike (2015年11月20日 read 2015年1月20日 by the page, the re-reads and the third view: the ink
under the ring is gone from all of them), leaving another real date that no rule of the field
checks. The print keeps its place, though: the characters either side of the lost digit stand
as far apart as the two digits printed between them. So the date is placed character by
character (``_charbox``) and its em taken from its year's four digits, where no digit can be
lost (a fifth makes no year); where two neighbours in a one-digit month or day stand a digit's
room farther apart than their own widths need, and one more digit there makes another real
date, the field goes to review. A date printed with spaces round its units is measured against
its own space there. Nothing is corrected: the place cannot tell 10 from 11 or 12.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from statistics import median

from core.rules import Finding, normalize_digits
from scanning import _charbox
from scanning._charbox import Glyph
from scanning._date_fields import DATE_FIELDS, proved_by_id
from scanning._date_gaps import at_unit, other_date, usual
from scanning._datescan import find_dates
from scanning._decide_review import FIELD_LABELS
from scanning._fields import RawField
from scanning._ocr import Box, Image
from scanning._validate import Value

RULE = "日期数字位宽"
# Em beyond the usual distance (and the printed space) that shows room for a digit: a lost
# digit leaves 0.5 em; a compact date measures 0 ± 0.2 (``_date_gaps``).
OPEN = 0.3
_DIGIT_RUN = re.compile(r"[0-9]+")


def flag(image: Image, raw: Mapping[str, RawField], values: MutableMapping[str, Value]) -> None:
    """Send to review each date field of the information page ``image`` whose one-digit month
    or day stands a digit wider than read, where one more digit makes another date."""
    for key in DATE_FIELDS:
        v = values.get(key)
        if v is None or not isinstance(v.value, str) or v.blocking or key not in raw:
            continue
        if proved_by_id(key, values) or not _short_parts(v.value, raw[key].text):
            continue
        text = _measured_text(image, raw[key].box, v.value)
        if text is not None:
            v.fail(_finding(key, *text), 0.5)


def _short_parts(value: str, read: str) -> bool:
    """Whether the field's text writes a month or day of one digit and the ISO date has one
    below 10 (a two-digit one that lost a digit leaves one)."""
    groups = _DIGIT_RUN.findall(normalize_digits(read))[1:]
    return len(value) == 10 and "0" in (value[5], value[8]) and any(len(g) == 1 for g in groups)


def _measured_text(image: Image, box: Box, value: str) -> tuple[str, list[int]] | None:
    """The date as the glyph read of ``box`` writes it and the places in it with room for a
    lost digit (``lost_places``), when there are any."""
    glyphs = [g for g in _charbox.glyphs(image, [box])[0] if not g.char.isspace()]
    chars = "".join(g.char for g in glyphs)
    for f in find_dates(chars):
        if f.read.value != value:
            continue
        at = lost_places(glyphs[f.start : f.end], chars[f.start : f.end], value)
        if at:
            return chars[f.start : f.end], at
    return None


def lost_places(run: Sequence[Glyph], text: str, value: str) -> list[int]:
    """Places ``k`` of ``text`` (placed by ``run``, one glyph a character) inside or beside a
    one-digit month or day where its neighbours stand a digit's room apart (see module) and a
    digit put at ``k`` spells another real date than ``value``."""
    size = _year_em(run, text)
    if size is None:
        return []
    space = _unit_space(run, size)
    out = []
    for m in list(_DIGIT_RUN.finditer(text))[1:]:
        if len(m.group()) != 1:
            continue
        for k in (m.start(), m.end()):
            if 0 < k < len(text) and _room(run[k - 1], run[k], size, space) >= OPEN and any(
                other_date(text[:k] + d + text[k:], value) for d in "0123456789"
            ):
                out.append(k)
    return out


def group_full(run: Sequence[Glyph], text: str, start: int, end: int) -> bool:
    """Whether the digit group ``text[start:end]`` (placed by ``run``, one glyph a character)
    stands as wide as its digits: the characters either side of it stand a digit's room
    (``OPEN``, and under a second one) farther apart than one digit fewer would need. So a
    reading that has the group one digit short lost it; the print holds them all."""
    size = _year_em(run, text)
    if size is None or start < 1 or end >= len(text) or end - start < 2:
        return False
    a, b = run[start - 1], run[end]
    if a.char.isdigit() or b.char.isdigit():
        return False
    space = _unit_space(run, size) * (at_unit(a, run[start]) + at_unit(run[end - 1], b))
    short = (_charbox.width(a.char) + _charbox.width(b.char)) / 2 + (end - start - 1) * 0.5
    room = (b.x - a.x - space) / size - short
    return OPEN <= room < OPEN + 0.5


def _year_em(run: Sequence[Glyph], text: str) -> float | None:
    """Twice the median distance of the year's neighbouring digits (four digits first)."""
    if not re.match(r"[0-9]{4}\D", text):
        return None
    gaps = [b.x - a.x for a, b in zip(run[:3], run[1:4], strict=True)]
    return 2.0 * float(median(gaps)) if min(gaps) > 0 else None


def _unit_space(run: Sequence[Glyph], size: float) -> float:
    """The space (page pixels) printed between digits and units beyond their usual distance,
    the median over every such pair: a lost digit widens one of them only."""
    pairs = [(a, b) for a, b in zip(run, run[1:], strict=False) if at_unit(a, b)]
    if len(pairs) < 3:
        return 0.0
    return max(0.0, float(median(b.x - a.x - usual(a, b) * size for a, b in pairs)))


def _room(a: Glyph, b: Glyph, size: float, space: float) -> float:
    """The em between ``a`` and ``b`` beyond their usual distance and the printed space."""
    extra = space if at_unit(a, b) else 0.0
    return (b.x - a.x - extra) / size - usual(a, b)


def _finding(key: str, text: str, at: list[int]) -> Finding:
    name = FIELD_LABELS.get(key, key)
    msg = (f"{name}“{text}”中月或日只读到一位数字，但字符位置显示该处印有两位数字（可能被印章"
           "或污损遮去一位），请核对原件")
    return Finding("digit_lost", key, msg, "warning", {"rule": RULE, "read": text,
                                                       "places": [k + 1 for k in at]})
