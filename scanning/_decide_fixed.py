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
"""

from __future__ import annotations

import re

from core.rules import normalize_digits
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
    """The issue date's year when two distinct readings of the date read it, each sure of
    every digit (the engine's alternatives measure it), and no reading reads another year.
    Identical readings are the same pixels read twice and count once."""
    years = [y for r in set(issue.readings) if (y := _year(r)) is not None]
    if len({y for y, _ in years}) != 1:
        return None
    sure = sum(ok for _, ok in years)
    return years[0][0] if sure >= 2 else None


def fix_year(cert: Field, issue: Field) -> None:
    """Record on ``cert`` the year digits the issue date fixes (nothing when it is unsure)."""
    year = sure_year(issue)
    cert.fixed = dict(enumerate(year)) if year else {}


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
