"""Digits of a certificate number another field fixes, read surely: the year (digits 1–4),
which the issue date gives when independent readings of the date read the same year without
the engine doubting any of its digits.

When the number's clear reading says 2026 and the issue date was read 2025 by two views, both
sure, the rules (year = issue year) still choose 2025 for the number, but the number's reading
contradicts them and every field of the group used to go to review (``conflict``): nothing
said which reading was wrong. The number's digit is the likely misread when its own readings
doubt it — the engine offered the date's digit there (5 at 0.24 beside 6) or another reading
of the number read it — while the date's readings agree and doubt nothing: then the number is
corrected (a note) and judged on the rest of its digits as any other reading; otherwise the
conflict stands (``_decide_review``).

The province digits (5–6) are fixed alike by an authority two views read as the same name, each
sure, that lies in one province (third 0009: 陕西省教育厅 read thrice, the number's 61 read 63
with 1 offered at 0.35–0.41 by every view): the rule the decoder already applies to choose the
number then explains its reading as a misread, as it does for the year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.rules import Finding, normalize_digits
from scanning import _vocab
from scanning import _vocab_glyphs as glyphs
from scanning._decide_field import Field
from scanning._ocr import Reading

SURE_DIGIT = 0.05  # a year digit is read surely when no other digit has this much
_YEAR = re.compile(r"(?:19|20)\d{2}")


def _year(reading: Reading) -> tuple[str, bool] | None:
    """The year a date reading starts with, and whether the engine is sure of its digits
    (None when the reading does not start with a year)."""
    text = normalize_digits(reading.text)
    m = _YEAR.match(text)
    if m is None:
        return None
    alts = reading.alternatives
    doubt = [
        sum(p for ch, p in alts[i] if normalize_digits(ch) != text[i] and ch.isdigit())
        if i < len(alts) else 0.0
        for i in range(4)
    ]
    return m.group(), bool(alts) and len(alts) >= 4 and max(doubt) < SURE_DIGIT


def sure_year(issue: Field) -> str | None:
    """The issue date's (or number's) year when two distinct readings of it read it, each sure of
    every digit (the engine's alternatives measure it), and no reading reads another year.
    Identical readings are the same pixels read twice and count once."""
    years = [y for r in set(issue.readings) if (y := _year(r)) is not None]
    if len({y for y, _ in years}) != 1:
        return None
    sure = sum(ok for _, ok in years)
    return years[0][0] if sure >= 2 else None


def fix_year(f: Field, other: Field) -> None:
    """Record on ``f`` (the number or the date) the year digits ``other`` (the date or the
    number) fixes; nothing when it is unsure."""
    year = sure_year(other)
    f.fixed = dict(enumerate(year)) if year else {}


def sure_authority(authority: Field, least: float) -> str | None:
    """The authority name two distinct readings read as it is, each at least ``least`` sure,
    when no reading reads another name (identical readings are the same pixels: one)."""
    texts = [r.text for r in set(authority.readings)]
    if len({t for t in texts if _vocab.is_authority(t)}) != 1:
        return None
    name = next(t for t in texts if _vocab.is_authority(t))
    sure = {r for r in authority.readings if r.text == name and r.score >= least}
    return name if len(sure) >= 2 else None


def fix_province(
    cert: Field, authority: Field, provinces: Callable[[str], frozenset[str]], least: float
) -> None:
    """Add to the number's fixed digits the province digits (5–6) of the authority its
    readings name surely (``sure_authority``), when that name lies in one province only."""
    name = sure_authority(authority, least)
    codes = provinces(name) if name else frozenset()
    if len(codes) == 1:
        code = next(iter(codes))
        cert.fixed = {**cert.fixed, 4: code[0], 5: code[1]}


def offered(reading: Reading, i: int, digit: str) -> float:
    """The probability the reading's engine gave ``digit`` at position ``i`` (0 when none)."""
    alts = reading.alternatives[i] if i < len(reading.alternatives) else ()
    return max((p for ch, p in alts if normalize_digits(ch) == digit), default=0.0)


def fixed_misread(f: Field, reading: Reading, read: str, value: str, least: float) -> bool:
    """``read`` (what ``reading`` clearly reads) differs from ``value`` only at digits
    ``f.fixed`` fixes to the value's, and at each the number's readings doubt their digit:
    this reading's engine offered the fixed digit (at ``least``), or another reading of the
    number, of the value's length, read it. The number's digit is then the misread."""
    if not f.fixed or len(read) != len(value):
        return False
    differ = [i for i, (a, b) in enumerate(zip(read, value, strict=True)) if a != b]
    if not differ or any(f.fixed.get(i) != value[i] for i in differ):
        return False
    text = normalize_digits(reading.text).upper()
    others = [normalize_digits(r.text).upper() for r in f.readings if r != reading]
    return all(
        (len(text) == len(value) and offered(reading, i, value[i]) >= least)
        or any(len(t) == len(value) and t[i] == value[i] for t in others)
        for i in differ
    )


# Fields whose clear reading may be the value cut short at the edge of its box.
_CUT_SHORT = frozenset({"issuing_authority"})


def cut_short(f: Field, reading: Reading, read: str, value: str) -> bool:
    """``read`` (what ``reading`` clearly reads) is the value with one or two characters lost
    at its start or end (北区教育局 for 河北区教育局: a seal or the box's edge took them), and
    another reading of the field read the value whole: the clear reading is cut short, not a
    contradiction of the value the rules chose (even when the short name is some other place's
    authority: 北区 is a district of 台中市, in a province the certificate number does not name)."""
    if f.key not in _CUT_SHORT or not read or read == value or len(value) - len(read) > 2:
        return False
    if not (value.startswith(read) or value.endswith(read)):
        return False
    return any(_whole_in(value, r.text) for r in f.readings if r.text != reading.text)


def _whole_in(value: str, text: str) -> bool:
    """``text`` holds ``value`` and no longer authority name around it (河西区教育局 holds
    西区教育局, but as a name of its own: no reading of the value whole)."""
    at = text.find(value)
    if at < 0:
        return False
    end = at + len(value)
    longer = [text[a:end] for a in range(at)] + [text[at:b] for b in range(end + 1, len(text) + 1)]
    return not any(_vocab.is_authority(t) for t in longer)


def glyph_misread(f: Field, reading: Reading, read: str, value: str) -> bool:
    """``read`` (what ``reading`` clearly reads) is the authority the rules chose with one
    character read as its look-alike (孟县教育局 for 盂县教育局: the number's province digits say
    山西, and 孟县 was a county of 河南 until 1996), and another reading of the field read the
    chosen character there: the field's own readings disagree at one glyph and the rules settle
    it, so the clear reading is a misread, not a contradiction of the other fields."""
    if f.key not in _CUT_SHORT or len(read) != len(value) or read == value:
        return False
    differ = [i for i, (a, b) in enumerate(zip(read, value, strict=True)) if a != b]
    if len(differ) != 1:
        return False
    i = differ[0]
    alike = glyphs.misread_p(read[i], value[i]) is not None
    if not (alike or offered(reading, i, value[i]) > 0.0):
        return False
    window = value[max(0, i - 1):i + 2]
    return any(window in r.text for r in f.readings if r.text != reading.text)


def correction(f: Field, clear: tuple[Reading, str], value: str, name: str,
               evidence: dict[str, Any]) -> Finding:
    """The note for a clear reading the rules corrected as a misread year (``fixed_misread``),
    as cut short (``cut_short``) or as one look-alike glyph (``glyph_misread``)."""
    reading, read = clear
    if cut_short(f, reading, read, value):
        return Finding("corrected", f.key, f"{name}一次读作“{read}”（首尾缺字），另一次识别读出完整"
                       f"的“{value}”，与证书号码等字段一致，取“{value}”", "note",
                       {**evidence, "rule": "发证机关与证书号码省份代码"})
    if glyph_misread(f, reading, read, value):
        at = next(i for i, ch in enumerate(read) if ch != value[i])
        return Finding("corrected", f.key, f"{name}读作“{read}”，其中“{read[at]}”与“{value[at]}”"
                       f"形近，另一次识别读作“{value[at]}”；按证书号码等字段唯一确定为“{value}”",
                       "note", {**evidence, "rule": "发证机关与证书号码省份代码"})
    slips = [i for i, ch in enumerate(read) if ch != value[i]]
    digits = "、".join(str(i + 1) for i in slips)
    if all(i >= 4 for i in slips):  # the province digits, which the authority's name fixes
        return Finding("corrected", f.key, f"{name}读作“{read}”，第 {digits} 位（省份代码）"
                       f"识别存疑；发证机关经多次识别一致，按规则更正为“{value}”",
                       "note", {**evidence, "rule": "证书号码省份代码与发证机关"})
    if any(i >= 4 for i in slips):
        return Finding("corrected", f.key, f"{name}读作“{read}”，第 {digits} 位（年份、省份代码）"
                       f"识别存疑；批准日期的年份与发证机关经多次识别一致，按规则更正为“{value}”",
                       "note", {**evidence, "rule": "证书号码年份、省份代码与批准日期、发证机关"})
    return Finding("corrected", f.key, f"{name}读作“{read}”，第 {digits} 位（年份）"
                   f"识别存疑；批准日期的年份经多次识别一致，按规则更正为“{value}”",
                   "note", {**evidence, "rule": "证书号码年份与批准日期"})
