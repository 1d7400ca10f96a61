"""A registration's decision date read with a separator lost (2019.1221), or with one mark in
a digit's place (20'3年07月24日), settled by the registration rules where they leave one reading.

A read with a separator lost may be the digits whole (2019-12-21) or a separator misread or
merged into a digit (2019-12-01: ``_datescan.separator_readings``); a mark where a digit stands
(a digit's strokes lost under a seal or a fold) may be any digit that makes a real date
(``mark_readings``). Each reading is held against what the entry and the booklet say
independently of it:

- a 注册合格's decision grants the period the 5-year rule proves whole (its start within
  ``core.rules.DECISION_LEAD_DAYS`` after the decision: ``core.rules.decided_ahead``);
- decisions follow each other in the booklet's order: not before the entry above's decision
  date, not after the entry below's;
- a decision lies between the first registrations (1993) and today.

Exactly one reading satisfying all of them is taken (recorded as a correction); two or more
leave the date unread and flagged (``date_ambiguous``, the readings as evidence).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from core.rules import HAN_RANGE, Finding, decided_ahead, normalize_digits
from scanning._datescan import separator_readings
from scanning._period_rule import FIRST_PERIOD, period_end

if TYPE_CHECKING:  # _stickers does not import this module; the hint only
    from scanning._stickers import Sticker

Around = tuple[str | None, str | None]
# What a read the rules may settle was flagged as: a separator lost, or no date at all.
_UNREAD = ("date_ambiguous", "date_format")


def _fits(iso: str, start: str | None, around: Around, today: str) -> bool:
    above, below = around
    if not f"{FIRST_PERIOD}-01-01" <= iso <= today:
        return False
    if above and iso < above or below and iso > below:
        return False
    return start is None or decided_ahead(date.fromisoformat(iso), date.fromisoformat(start))


def settle(
    text: str, start: str | None, end: str | None, around: Around,
    today: str, marked: bool = False,
) -> tuple[str | None, tuple[str, ...]]:
    """(the one reading of ``text`` every rule allows, or None; the readings that fit).
    ``start``/``end``: the entry's period as read (used only when the 5-year rule proves it
    whole); ``around``: the decision dates read for the entries above and below; ``marked``:
    a read that is no date, a mark in a digit's place (else a separator lost)."""
    whole = start is not None and end is not None and period_end(start) == end
    readings = mark_readings(text) if marked else separator_readings(text)
    fit = tuple(r for r in readings
                if _fits(r, start if whole else None, around, today))  # fmt: skip
    return (fit[0] if len(fit) == 1 else None), fit


# A 年…月…日 date whose digit groups hold one mark (not a digit, not a character) in a
# digit's place, the groups of a date's lengths.
_GROUP = rf"([0-9]*[^0-9\s{HAN_RANGE}]?[0-9]*)"
_MARKED = re.compile(rf"{_GROUP}年{_GROUP}月{_GROUP}[日号]?")
_MARK = re.compile(r"[^0-9]")


def mark_readings(text: str) -> tuple[str, ...]:
    """Every real date a 年…月…日 read with exactly one mark where a digit stands can be (20'3年
    07月24日: 2003-07-24 … 2093-07-24), the mark read as each digit in turn; none for other
    reads."""
    m = _MARKED.fullmatch(re.sub(r"\s+", "", normalize_digits(text)))
    if m is None or len(_MARK.findall("".join(m.groups()))) != 1:
        return ()
    y, mo, d = m.groups()
    if len(y) != 4 or not 1 <= len(mo) <= 2 or not 1 <= len(d) <= 2:
        return ()
    out = set()
    for digit in "0123456789":
        try:
            out.add(date(*(int(_MARK.sub(digit, g)) for g in (y, mo, d))).isoformat())
        except ValueError:
            continue
    return tuple(sorted(out))


def settled(
    s: Sticker, when: str | None, found: list[Finding], around: Around, today: str
) -> tuple[str | None, list[Finding]]:
    """The entry's decision date as read (``when``, ``found``), or, when it was read with a
    separator lost, the one reading the rules leave (a correction); several: still flagged,
    the readings as evidence."""
    if s.date is None or not any(f.code in _UNREAD for f in found):
        return when, found
    start, end = (d.value if d else None for d in (s.start, s.end))
    marked = any(f.code == "date_format" for f in found)
    value, fit = settle(s.date.text, start, end, around, today, marked)
    ev = {"read": s.date.text, "readings": list(fit)}
    if value is None:
        return None, [replace(f, evidence=ev) for f in found]
    field = found[0].field
    why = "有一处数字无法辨认" if marked else "缺一个分隔符"
    note = (f"注册日期“{s.date.text}”{why}，按注册规则（有效期起始、前后条目日期）"
            f"唯一读作 {value}")
    return value, [Finding("corrected_date", field, note, "note", ev)]
