"""Masked identity-document numbers for public output (see docs/MASKING.md)."""

from __future__ import annotations

from datetime import date

MASK = "*"
# Hard ceiling on characters shown from any document number: one at each end.
MAX_VISIBLE = 2
_OLD_RESIDENT_LENGTH = 15
_SHORTEST_PARTIAL = 6


def _keep(number: str, head: int, tail: int) -> str:
    return number[:head] + MASK * (len(number) - head - tail) + number[len(number) - tail :]


def mask_id_number(number: str, document_type: str = "resident_id") -> str:
    """Masked form for public output; shows at most the first and the last character.

    Any 18-character number (resident ID, and the residence permits built the same way) keeps the
    first and the last character (1****************X); 15 characters keep only the first (old
    numbers carry the birth date and no check character); any other number of 6 or more
    characters keeps the first and the last; shorter ones are all masked. ``document_type`` is
    accepted for the callers' sake but does not widen the rule: the length decides.

    Masking an already masked form gives the same result as masking the number, because every
    visible position of this rule was visible under the older 3 + 4 and 1 + 2 rules.
    """
    del document_type  # the rule depends on the length alone (docs/MASKING.md)
    if len(number) < _SHORTEST_PARTIAL:
        return MASK * len(number)
    if len(number) == _OLD_RESIDENT_LENGTH:
        return _keep(number, 1, 0)
    return _keep(number, 1, 1)


def _date_forms(day: date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    forms = {f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y:04d}{m:02d}{d:02d}"}
    for sep in "-./":
        forms |= {f"{y}{sep}{m:02d}{sep}{d:02d}", f"{y}{sep}{m}{sep}{d}"}
    return sorted(forms, key=len, reverse=True)


def redact_date(text: str, day: date) -> str:
    """``text`` with every common written form of ``day`` replaced by ``*`` of the same length.

    For free text printed on public output (a remark such as "出生日期更正为1990年3月12日"): the
    birth date is never public, not even inside a note (docs/MASKING.md).
    """
    for form in _date_forms(day):
        text = text.replace(form, MASK * len(form))
    return text
