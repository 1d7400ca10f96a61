"""Two readings of one registration entry's validity period, judged by the registration rule.

A 注册合格's period is five years: it ends the day before the fifth anniversary of its start
(``core.rules.registration_period``), and it begins on, or at most a year after, the decision
that grants it (``core.rules.decided_ahead``). Every entry is read twice (another view of the
page); where the readings give another period, the rule decides when it can:

- a reading whose period keeps the rule beats one whose period breaks it (an end lost, two ends
  that are no 5-year period, a start the decision date cannot grant): neither end of the broken
  one is a rival, and the kept one is taken with a note;
- two readings that both keep the rule with other values, or both break it, stay in doubt
  (the first reading's own broken period is flagged where it is decoded).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from core.rules import decided_ahead, normalize_digits
from scanning._datescan import DateRead, fits, one_lost
from scanning._period_rule import period_end, period_start
from scanning._sticker_conclusion import within

__all__ = [
    "ENDS", "keeps_rule", "lost_digit_end", "period_says_qualified", "period_unchecked",
    "run_on_days", "settle_run_on", "spelled_end",
]

ENDS = frozenset({"valid_from", "valid_until"})


def keeps_rule(entry: Mapping[str, object]) -> bool:
    """The entry's two ends are one 5-year period that its decision date (when read) grants."""
    start, end, decided = entry.get("valid_from"), entry.get("valid_until"), entry.get("date")
    if not (isinstance(start, str) and isinstance(end, str) and period_end(start) == end):
        return False
    return not isinstance(decided, str) or decided_ahead(
        date.fromisoformat(decided), date.fromisoformat(start)
    )


def period_unchecked(
    first: Mapping[str, object], second: Mapping[str, object] | None, failed: frozenset[str]
) -> frozenset[str]:
    """``failed`` (the entry keys the ``second`` reading broke a rule on) with both ends of the
    period when the first reading's period keeps the rule and the second's breaks it: a reading
    whose period lost an end cannot tell its ends from the decision date (有效期：20249/1-
    22029/8/31 above 2024年08月18日 gave the decision date as the end), and one whose two ends
    are no 5-year period (2070-06-10 / 2025-05-09) misread at least one of them without saying
    which, so neither of its ends is a rival. A second reading that found no period at all
    (its rows grouped otherwise, read as no date) says nothing about the period either."""
    if second is None or not keeps_rule(first):
        return failed
    if second.get("valid_from") is None and second.get("valid_until") is None:
        broken = True  # found no period at all: it says nothing against one read whole
    elif second.get("valid_from") is None or second.get("valid_until") is None:
        broken = bool(failed & ENDS)
    else:
        broken = not keeps_rule(second)
    return failed | ENDS if broken else failed


# A 年…月 date whose day ran on into more digits (2018年09月101日: a stroke beside the day read
# as a digit), as ``_sticker_rows`` keeps it: unreadable, its day any one or two of the digits.
_RUN_ON = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{2,4})\s*[日号]?\s*\d?\s*$")


def run_on_days(text: str) -> set[str]:
    """Every real date a run-on day's read can be (one or two neighbouring digits of the run
    as the day); empty when ``text`` is no such read."""
    m = _RUN_ON.match(text)
    if m is None:
        return set()
    year, month, run = int(m[1]), int(m[2]), m[3]
    out = set()
    for size in (1, 2):
        for i in range(len(run) - size + 1):
            try:
                out.add(date(year, month, int(run[i : i + size])).isoformat())
            except ValueError:
                continue
    return out


def settle_run_on(
    start: DateRead | None, end: DateRead | None, decided: str | None
) -> tuple[str, str] | None:
    """The one period whose ends are what the two reads can be (a run-on day's every reading, or
    the date read), that keeps the 5-year rule, and that the decision date (when read) grants;
    None unless a run-on day is among the ends and exactly one such period exists."""
    if start is None or end is None:
        return None
    ends = [run_on_days(d.text) if d.value is None else {d.value} for d in (start, end)]
    if not all(ends) or (start.value is not None and end.value is not None):
        return None
    fits = {
        (a, b) for a in ends[0] for b in ends[1]
        if period_end(a) == b
        and (decided is None or decided_ahead(date.fromisoformat(decided), date.fromisoformat(a)))
    }  # fmt: skip
    return fits.pop() if len(fits) == 1 else None


def _dropped(iso: str, raw: str) -> bool:
    """``raw`` is the date ``iso`` written with exactly one of its digits lost, year, month and
    day still apart (2023年8月3 for 2023年8月31日, 2020.08.3 for 2020.08.31), padded or not."""
    d = date.fromisoformat(iso)
    got = re.findall(r"\d+", normalize_digits(raw))
    if len(got) != 3 or [int(g) for g in got] == [d.year, d.month, d.day]:
        return False  # no digit lost, or only a padding zero
    for month, day in ((f"{d.month:02d}", f"{d.day:02d}"), (str(d.month), str(d.day))):
        want = [str(d.year), month, day]
        lost = [(g, w) for g, w in zip(got, want, strict=True) if g != w]
        if len(lost) == 1 and one_lost(*lost[0]):
            return True
    return False


def lost_digit_end(
    start: DateRead | None, end: DateRead | None, decided: str | None
) -> tuple[str, str, str] | None:
    """(start, end, which end) of a period one of whose ends lost a digit yet still reads as
    another real date (有效期：2018年9月1日至2023年8月3: the line's last digit lost): when that
    end, as read, is exactly the date the 5-year rule gives from the other end with one digit
    lost, the decision date (read) grants the period, and the other end as read is no slip
    (a lost or shape-alike digit) of the start the end as read would give. None otherwise."""
    if start is None or end is None or start.value is None or end.value is None or not decided:
        return None
    made = date.fromisoformat(decided)
    want = period_end(start.value)
    if want != end.value and _dropped(want, end.text):
        alt = period_start(end.value)
        if decided_ahead(made, date.fromisoformat(start.value)) and not (
            alt and fits(alt, start.text)
        ):
            return start.value, want, "valid_until"
    first = period_start(end.value)
    if first and first != start.value and _dropped(first, start.text):
        if decided_ahead(made, date.fromisoformat(first)) and not fits(
            period_end(start.value), end.text
        ):
            return first, end.value, "valid_from"
    return None


def _spells(raw: str, iso: str) -> bool:
    """``raw``'s digits stand in exactly three groups that are ``iso``'s year, month and day
    (2027年6日30日: every digit read, only a unit character misread), or in two groups one of
    which is two of them with one digit between, where the separator stands (2027206.30: the
    dot under a seal's ring read as a digit)."""
    groups = re.findall(r"\d+", normalize_digits(raw))
    d = date.fromisoformat(iso)
    want = [d.year, d.month, d.day]
    if len(groups) == 3:
        return [int(g) for g in groups] == want
    return len(groups) == 2 and any(
        [int(g) for g in split] == want for split in _separator_digit(groups)
    )


def _separator_digit(groups: list[str]) -> list[list[str]]:
    """Every way to read one digit inside one of two digit groups as a lost separator (the
    year keeping its four digits): three groups each."""
    out = []
    for k, g in enumerate(groups):
        for at in range(1, len(g) - 1):
            split = [*groups[:k], g[:at], g[at + 1 :], *groups[k + 1 :]]
            if len(split[0]) == 4:
                out.append(split)
    return out


def spelled_end(start: DateRead | None, end: DateRead | None) -> tuple[str, str, str] | None:
    """(start, end, which end) of a period one of whose ends no date form reads but whose
    digits, every one of them, are the date the 5-year rule gives from the other end: the two
    ends read apart agree digit for digit, as a period read whole does. None otherwise."""
    if start is None or end is None:
        return None
    if start.value and end.value is None and _spells(end.text, period_end(start.value)):
        return start.value, period_end(start.value), "valid_until"
    first = period_start(end.value) if end.value and start.value is None else None
    if first and end.value and _spells(start.text, first):
        return first, end.value, "valid_from"
    return None


QUALIFIED = "注册合格"


def period_says_qualified(text: str, entry: Mapping[str, object]) -> bool:
    """A conclusion read cut short to a part of 注册合格 (注格: a seal over 册合), which could
    as well be 注册不合格 with 不 lost, is 注册合格 when the entry carries a period that keeps
    the 5-year rule and that its decision date, read, grants: only 注册合格 has a period."""
    plain = re.sub(r"\s+", "", text)
    return (
        len(plain) >= 2
        and within(plain, QUALIFIED)
        and isinstance(entry.get("date"), str)
        and keeps_rule(entry)
    )
