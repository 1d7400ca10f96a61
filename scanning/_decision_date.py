"""A registration's decision date read with a separator lost (2019.1221), settled by the
registration rules where they leave one reading.

Such a read may be the digits whole (2019-12-21) or a separator misread or merged into a digit
(2019-12-01: ``_datescan.separator_readings``). Each reading is held against what the entry and
the booklet say independently of it:

- a 注册合格's decision grants the period the 5-year rule proves whole (its start within
  ``core.rules.DECISION_LEAD_DAYS`` after the decision: ``core.rules.decided_ahead``);
- decisions follow each other in the booklet's order: not before the entry above's decision
  date, not after the entry below's;
- a decision lies between the first registrations (1993) and today.

Exactly one reading satisfying all of them is taken (recorded as a correction); two or more
leave the date unread and flagged (``date_ambiguous``, the readings as evidence).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from core.rules import Finding, decided_ahead
from scanning._datescan import separator_readings
from scanning._period_rule import FIRST_PERIOD, period_end

if TYPE_CHECKING:  # _stickers does not import this module; the hint only
    from scanning._stickers import Sticker

Around = tuple[str | None, str | None]


def _fits(iso: str, start: str | None, around: Around, today: str) -> bool:
    above, below = around
    if not f"{FIRST_PERIOD}-01-01" <= iso <= today:
        return False
    if above and iso < above or below and iso > below:
        return False
    return start is None or decided_ahead(date.fromisoformat(iso), date.fromisoformat(start))


def settle(
    text: str, start: str | None, end: str | None, around: Around,
    today: str,
) -> tuple[str | None, tuple[str, ...]]:
    """(the one reading of ``text`` every rule allows, or None; the readings that fit).
    ``start``/``end``: the entry's period as read (used only when the 5-year rule proves it
    whole); ``around``: the decision dates read for the entries above and below."""
    whole = start is not None and end is not None and period_end(start) == end
    fit = tuple(r for r in separator_readings(text)
                if _fits(r, start if whole else None, around, today))  # fmt: skip
    return (fit[0] if len(fit) == 1 else None), fit


def settled(
    s: Sticker, when: str | None, found: list[Finding], around: Around, today: str
) -> tuple[str | None, list[Finding]]:
    """The entry's decision date as read (``when``, ``found``), or, when it was read with a
    separator lost, the one reading the rules leave (a correction); several: still flagged,
    the readings as evidence."""
    if s.date is None or not any(f.code == "date_ambiguous" for f in found):
        return when, found
    start, end = (d.value if d else None for d in (s.start, s.end))
    value, fit = settle(s.date.text, start, end, around, today)
    ev = {"read": s.date.text, "readings": list(fit)}
    if value is None:
        return None, [replace(f, evidence=ev) for f in found]
    field = found[0].field
    note = (f"注册日期“{s.date.text}”缺一个分隔符，按注册规则（有效期起始、前后条目日期）"
            f"唯一读作 {value}")
    return value, [Finding("corrected_date", field, note, "note", ev)]
