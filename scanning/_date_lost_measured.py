"""A date two sure readings confirm, disputed only by readings that lost one digit, settled
by where its characters stand on the paper.

A reading may lose a digit a crop's edge or a faint stroke took (2000年11月2日 beside two
reads of 2000年11月26日): another real date is left, and the decoder cannot tell whether the
sure readings gained a digit or the short one lost it (``_decide_review``: ``unconfirmed``,
with the short readings under ``_date_no_rival.LOST``). The print can: a character lost by a
read still stands on the paper, so the characters either side of the short group stand a
digit's room farther apart than its read digits need (``_date_width.group_full``), measured
by a further read that places each character (``_charbox``) and spells the value. Then the
flag goes and a note says why; otherwise it stays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence

from core.rules import Finding, normalize_digits
from scanning import _charbox
from scanning._charbox import Glyph
from scanning._date_fields import DATE_FIELDS
from scanning._date_no_rival import LOST
from scanning._date_width import group_full
from scanning._datescan import find_dates
from scanning._decide_review import ACCEPT, FIELD_LABELS
from scanning._fields import RawField
from scanning._ocr import Image
from scanning._validate import Value

RULE = "日期字符位置"
_DIGIT_RUN = re.compile(r"[0-9]+")


def settle(image: Image, raw: Mapping[str, RawField], values: MutableMapping[str, Value]) -> None:
    """Clear the ``unconfirmed`` flag of each date field of the page ``image`` whose only
    doubt is readings that lost a digit the print shows (see module)."""
    for key in DATE_FIELDS:
        v = values.get(key)
        if v is None or not isinstance(v.value, str) or key not in raw:
            continue
        doubts = [f for f in v.findings if f.blocking]
        if len(doubts) != 1 or doubts[0].code != "unconfirmed" or LOST not in doubts[0].evidence:
            continue
        shown = _measured(image, raw[key], v.value, doubts[0].evidence[LOST])
        if shown is not None:
            _clear(key, v, doubts[0], shown)


def _measured(image: Image, raw: RawField, value: str, short: Sequence[str]) -> str | None:
    """The glyph read's text of the date when it spells ``value`` and shows, for every short
    reading, the digit it lost standing on the paper; else None."""
    glyphs = [g for g in _charbox.glyphs(image, [raw.box])[0] if not g.char.isspace()]
    chars = "".join(g.char for g in glyphs)
    for f in find_dates(chars):
        run, text = glyphs[f.start : f.end], chars[f.start : f.end]
        if f.read.value == value and all(_shows_lost(run, text, t) for t in short):
            return text
    return None


def _shows_lost(run: Sequence[Glyph], text: str, short: str) -> bool:
    """The one digit group ``short`` holds a digit fewer of than ``text`` is full on the paper."""
    full = list(_DIGIT_RUN.finditer(normalize_digits(text)))
    less = _DIGIT_RUN.findall(normalize_digits(short))
    if len(full) != len(less):
        return False
    cut = [m for m, g in zip(full, less, strict=True) if len(m.group()) != len(g)]
    if len(cut) != 1 or len(cut[0].group()) != len(less[full.index(cut[0])]) + 1:
        return False
    return group_full(run, text, cut[0].start(), cut[0].end())


def _clear(key: str, v: Value, doubt: Finding, shown: str) -> None:
    name = FIELD_LABELS.get(key, key)
    lost = "、".join(f"“{t}”" for t in doubt.evidence[LOST])
    v.findings = [f for f in v.findings if f is not doubt]
    v.findings.append(Finding(
        "digit_count_measured", key, f"{name}另有识别{lost}缺一位数字；字符位置显示该处印有"
        f"完整的数字（“{shown}”），取两次一致的识别“{v.value}”", "note",
        {"rule": RULE, "read": shown, LOST: list(doubt.evidence[LOST])}))
    v.confidence = max(v.confidence, ACCEPT)
