"""A registration's decision date read with a separator lost (2019.1221), or with one mark in
a digit's place (20'3年07月24日), settled by the registration rules where they leave one reading.

A read with a separator lost may be the digits whole (2019-12-21) or a separator misread or
merged into a digit (2019-12-01: ``_datescan.separator_readings``); a mark where a digit stands
(a digit's strokes lost under a seal or a fold) may be any digit that makes a real date
(``mark_readings``); a 年…月…日 read whose month or day marker was misread (2015年2日6口)
may be its digit groups, one of them with a digit lost (``marker_readings``); one whose year
marker was read as a digit or lost (2024405月15日: 4 for 年) may be the year, that digit or none,
and the month (``year_marker_readings``). Each reading is
held against what the entry and the booklet say independently of it:

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
    readings = (
        mark_readings(text) or marker_readings(text) or year_marker_readings(text)
    ) if marked else separator_readings(text)
    fit = tuple(r for r in readings if fits(r, start, end, around, today))
    return (fit[0] if len(fit) == 1 else None), fit


def fits(iso: str, start: str | None, end: str | None, around: Around, today: str) -> bool:
    """Whether a decision on ``iso`` is one the rules above allow: it grants the entry's
    period (``start``/``end`` as read, held only when the 5-year rule proves it whole), it
    stands between the entries above's and below's decisions (``around``), and between the
    first registrations and ``today``."""
    whole = start is not None and end is not None and period_end(start) == end
    return _fits(iso, start if whole else None, around, today)


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


# A 年…月…日 date whose markers after the month and the day were misread as other characters
# (2015年2日6口: 日 for 月, 口 for 日), its digit groups whole in a date's lengths.
_MARKERS = re.compile(r"([0-9]{4})年([0-9]{1,2})[^0-9\s]([0-9]{1,2})[^0-9\s]?")


def marker_readings(text: str) -> tuple[str, ...]:
    """Every real date a 年…月…日 read whose month or day marker was misread can be: its digit
    groups as read, and each with one digit lost (a stroke that misread a marker may have taken
    a digit beside it: 2 of 12, 6 of 16), the month before the day. None for other reads, or
    for a read the markers already make a date."""
    m = _MARKERS.fullmatch(re.sub(r"\s+", "", normalize_digits(text)))
    if m is None or re.fullmatch(r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}[日号]?", m.group(0)):
        return ()
    y, mo, d = m.groups()
    out = set()
    for month in _one_lost(mo):
        for day in _one_lost(d) if month == mo else {d}:
            try:
                out.add(date(int(y), int(month), int(day)).isoformat())
            except ValueError:
                continue
    return tuple(sorted(out))


# A 年…月…日 date whose 年 was read as a digit or not at all: the digits before 月 are the
# year's four, perhaps one in 年's place, and the month's one or two.
_YEAR_RUN = re.compile(r"([0-9]{5,7})月([0-9]{1,2})[日号]?")


def year_marker_readings(text: str) -> tuple[str, ...]:
    """Every real date a 年…月…日 read without its 年 can be (2024405月15日: the 4 in 年's place,
    2024-05-15; 202410月5日: 年 lost, 2024-10-05): the first four digits before 月 the year, the
    last one or two the month, at most one digit between them. None for other reads."""
    m = _YEAR_RUN.fullmatch(re.sub(r"\s+", "", normalize_digits(text)))
    if m is None:
        return ()
    run, day = m.groups()
    out = set()
    for month in (run[4:], run[5:]):
        if not 1 <= len(month) <= 2:
            continue
        try:
            out.add(date(int(run[:4]), int(month), int(day)).isoformat())
        except ValueError:
            continue
    return tuple(sorted(out))


def _one_lost(group: str) -> set[str]:
    """The digit group as read, and with one digit lost before or after it (two at most)."""
    out = {group}
    if len(group) == 1:
        out |= {c + group for c in "0123456789"} | {group + c for c in "0123456789"}
    return out


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
    why = ("缺一个分隔符" if not marked else "有一处数字无法辨认" if mark_readings(s.date.text)
           else "的“月”“日”字样误识" if marker_readings(s.date.text) else "的“年”字误识或缺失")
    note = (f"注册日期“{s.date.text}”{why}，按注册规则（有效期起始、前后条目日期）"
            f"唯一读作 {value}")
    return value, [Finding("corrected_date", field, note, "note", ev)]
