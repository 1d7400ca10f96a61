"""The 5-year registration period rule applied to dates as read from stickers.

A registration period runs five years (``core.rules.registration_period``). When the two ends
of a period as read disagree with the rule, or one end is unreadable, the rule proposes the
date that would make them agree; it is taken without review only when the decision date
(independent evidence) grants a period starting then, otherwise offered flagged. Reading a
date itself stays in ``scanning._datescan``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from core.rules import decided_ahead, one_slip, registration_period
from scanning._datescan import (
    DIGIT_SLIPS,
    LATEST,
    DateRead,
    date_digits,
    fits,
    marked_parts,
    parts_off,
)

# Registration began with the certificates (1993): a corrected period starts no earlier.
FIRST_PERIOD = 1993


def _one_slip(iso: str) -> set[str]:
    """Every plausible real date one shape-alike digit away from ``iso``."""
    out = set()
    for i, ch in enumerate(iso):
        for alt in DIGIT_SLIPS.get(ch, ""):
            try:
                d = date.fromisoformat(iso[:i] + alt + iso[i + 1 :])
            except ValueError:
                continue
            if FIRST_PERIOD <= d.year <= LATEST:
                out.add(d.isoformat())
    return out


def period_end(start: str) -> str:
    """The last day of the 5-year registration period starting on ``start``."""
    return registration_period(date.fromisoformat(start))[1].isoformat()


def _decided_before(start: str, decided: str | None) -> bool:
    """The decision (independent evidence) was read and grants a period starting on
    ``start`` (``core.rules.decided_ahead``)."""
    return decided is not None and decided_ahead(
        date.fromisoformat(decided), date.fromisoformat(start)
    )


def settle_period(start: str, end: str, decided: str | None = None) -> tuple[str, str, str | None]:
    """(start, end, which end was corrected) for a 5-year period read as ``start``/``end``.

    When the two ends disagree with the rule, the one reading with a single shape-alike digit
    changed in one end that makes them agree is taken, provided the decision date (independent
    evidence) precedes the start by under a year; otherwise both stay as read (flagged).
    """
    if period_end(start) == end:
        return start, end, None
    fixes = [(s, end, "valid_from") for s in _one_slip(start) if period_end(s) == end]
    fixes += [(start, e, "valid_until") for e in _one_slip(end) if period_end(start) == e]
    if len(fixes) == 1 and _decided_before(fixes[0][0], decided):
        return fixes[0]
    return start, end, None

def period_start(end: str) -> str | None:
    """The start of the 5-year period ending on ``end``, if one does."""
    day = date.fromisoformat(end) + timedelta(days=1)
    try:
        start = day.replace(year=day.year - 5)
    except ValueError:
        return None
    return start.isoformat() if period_end(start.isoformat()) == end else None


def complete_period(
    start: DateRead | None, end: DateRead | None, decided: str | None
) -> tuple[str, str, str] | None:
    """(start, end, which) when one end is unreadable but is, but for one lost or shape-alike
    digit, the date the 5-year rule gives, and the decision date precedes the start by under a
    year. An end one digit of any kind away is not proved so (2026年月21日 made 2026-01-01 of
    2026-01-21 with its read day changed): ``suggested_period`` offers it, flagged."""
    if start and start.value and end and end.value is None:
        want = period_end(start.value)
        whole = fits(want, end.text) or _cut_fits(start.value, end.text, period_end) == want
        if whole and _decided_before(start.value, decided):
            return start.value, want, "valid_until"
    if end and end.value and start and start.value is None:
        first = period_start(end.value)
        whole = first is not None and (
            fits(first, start.text) or _cut_fits(end.value, start.text, period_start) == first
        )
        if first and whole and _decided_before(first, decided):
            return first, end.value, "valid_from"
    return None


def suggested_period(
    start: DateRead | None, end: DateRead | None
) -> tuple[str, str, str] | None:
    """(start, end, which) when one end is read and the other was not read at all, or read as
    no date whose every digit read still stands in the date the 5-year rule gives (2024年8月日,
    2022年, 202-12-31; or one digit of any kind changed): that date, as a suggestion a person
    confirms (the rule alone completes it), never taken without review."""
    if start and start.value and (end is None or end.value is None):
        want = period_end(start.value)
        if _no_contradiction(want, end):
            return start.value, want, "valid_until"
    if end and end.value and (start is None or start.value is None):
        first = period_start(end.value)
        if first and _no_contradiction(first, start):
            return first, end.value, "valid_from"
    return None


def _no_contradiction(iso: str, read: DateRead | None) -> bool:
    """Nothing read of an end says it is not ``iso``: not read, or its digits all in it."""
    return read is None or _unread_fits(iso, read.text) or _in_order(iso, read.text)


def _in_order(iso: str, raw: str) -> bool:
    """Every digit of ``raw`` (at least a year's four) stands, in order, in ``iso``'s padded
    or unpadded digits: what was read of the date agrees with it, the rest was lost."""
    got = date_digits(raw)
    if len(got) < 4:
        return False
    for form in _forms(iso):
        rest = iter(form)
        if all(ch in rest for ch in got):
            return True
    return False


def _unread_fits(iso: str, raw: str) -> bool:
    """``fits``, or unreadable ``raw`` is ``iso`` with one digit changed to any other: raw
    being no real date, a digit of it is surely misread (2017.0340 for 2017.03.10, a seal's
    strokes across its day), which says no more than a lost digit would."""
    if (parts := marked_parts(raw)) is not None:
        return parts_off(date.fromisoformat(iso), parts, lambda a, b: len(a) == len(b)) <= 1
    got = date_digits(raw)
    return fits(iso, raw) or any(
        one_slip(form, got) for form in _forms(iso)
    )


# Digits a date cut short (under a seal, at the paper's edge) must show: its year and two more.
_CUT_DIGITS = 6


def _cut_fits(known: str, raw: str, other: Callable[[str], str | None]) -> str | None:
    """The other end of the period whose visible beginning ``raw`` is (2026-12 of 2026-12-31,
    the rest hidden), when exactly one fits: the known end as read or with one shape-alike
    digit changed gives each candidate (the cut end can no longer check the known one)."""
    got = date_digits(raw)
    if len(got) < _CUT_DIGITS:
        return None
    ends = {e for k in {known} | _one_slip(known) if (e := other(k))}
    fit = {e for e in ends if any(form.startswith(got) for form in _forms(e))}
    return fit.pop() if len(fit) == 1 else None


def _forms(iso: str) -> tuple[str, str]:
    """A date's digits, padded (20260105) and unpadded (202615)."""
    d = date.fromisoformat(iso)
    return f"{d.year}{d.month:02d}{d.day:02d}", f"{d.year}{d.month}{d.day}"


def implied_start(
    start: DateRead | None, end: DateRead | None, decided: str | None
) -> tuple[str, str] | None:
    """(start, end) of a period printed as its end alone (有效期至2021年8月31日): the 5-year
    rule gives the start, when the decision date precedes it by under a year (independent
    evidence that this is the usual period); None otherwise."""
    if start is not None or end is None or end.value is None:
        return None
    first = period_start(end.value)
    return (first, end.value) if first and _decided_before(first, decided) else None
