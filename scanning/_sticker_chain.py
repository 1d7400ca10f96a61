"""A period end misread, settled by the booklet's next or previous registration.

A 注册合格's period is five years less a day from its start (``core.rules.
registration_period``), and a teacher who registers again on time starts the next period the
day after the last one ends. A period end read wrong in two digits or fewer (2024-11-02 for
2024-11-25 on a phone photo of a handwritten sticker) breaks the rule and is flagged; which end
is wrong, the rule alone cannot say. The booklet's neighbouring entries can:

- the next entry's start (read, unflagged) is the day after the end the rule gives from this
  entry's start, or the previous entry's start (read, unflagged) gives by the rule a period
  ending the day before this entry's start: two starts read apart agree with each other, so
  this entry's start is right, and its end is the rule's;
- the decision date (read, unflagged) grants that start (``core.rules.decided_ahead``), and
  not the start the rule gives from the end as read (the other way to make the pair agree);
- the end as read is the rule's end but for at most two digits, and nothing else doubts the
  period's ends.

Then the end is the rule's, with a ``corrected_period`` note naming the read and the
neighbour. Anything less (no neighbour that agrees, a decision date that grants both ways or
neither, a second finding on the period) leaves the entry flagged as it was.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from core.rules import Finding, RegistrationConclusion, decided_ahead, slips
from scanning._entry_read import Entry
from scanning._period_rule import period_end, period_start

__all__ = ["settle_ends"]

MAX_DIGITS = 2  # digits an end as read may differ from the rule's end

Read = tuple[Entry, list[Finding], float]


def _next_day(iso: str) -> str:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def _clean(found: list[Finding], field: str) -> bool:
    """No warning or error finding names ``field``."""
    return not any(f.field == field and f.severity != "note" for f in found)


def _sure_start(read: Read, i: int) -> str | None:
    """Entry ``i``'s start, when read and unflagged."""
    entry, found, _ = read
    start = entry.get("valid_from")
    ok = isinstance(start, str) and _clean(found, f"registrations[{i}].valid_from")
    return start if ok else None


def _digits_off(a: str, b: str) -> int:
    return slips(a.replace("-", ""), b.replace("-", ""))


def _granted(decided: str, start: str | None) -> bool:
    return start is not None and decided_ahead(
        date.fromisoformat(decided), date.fromisoformat(start)
    )


def _neighbour(
    done: list[Read], i: int, start: str, want: str, skip: Collection[int]
) -> int | None:
    """The index of an entry next to ``i`` whose own start agrees with ``start`` → ``want``."""
    if i + 1 < len(done) and i + 1 not in skip:
        after = _sure_start(done[i + 1], i + 1)
        if after is not None and after == _next_day(want):
            return i + 1
    if i > 0 and i - 1 not in skip:
        before = _sure_start(done[i - 1], i - 1)
        if before is not None and _next_day(period_end(before)) == start:
            return i - 1
    return None


def _settled(done: list[Read], i: int, skip: Collection[int]) -> Read | None:
    """Entry ``i`` with its end settled (see the module's rules), or None."""
    entry, found, conf = done[i]
    name = f"registrations[{i}]"
    start, end, decided = entry.get("valid_from"), entry.get("valid_until"), entry.get("date")
    if not (isinstance(start, str) and isinstance(end, str) and isinstance(decided, str)):
        return None
    if entry.get("conclusion") != RegistrationConclusion.QUALIFIED:  # only 注册合格 has one
        return None
    want = period_end(start)
    broke = [f for f in found if f.field == f"{name}.valid_until" and f.severity != "note"]
    if want == end or [f.code for f in broke] != ["registration_period"]:
        return None
    if not (_clean(found, f"{name}.valid_from") and _clean(found, f"{name}.date")):
        return None
    if _digits_off(want, end) > MAX_DIGITS:
        return None
    if not _granted(decided, start) or _granted(decided, period_start(end)):
        return None
    by = _neighbour(done, i, start, want, skip)
    if by is None:
        return None
    note = (
        f"有效期截止日期读作 {end}，与起始日期 {start} 不合五年注册期；第 {by + 1} 条注册的"
        f"起始日期与本条起始日期按五年注册期相接，注册日期 {decided} 亦合，更正为 {want}"
    )
    ev = {"read": end, "neighbour": by, "rule": "registration_period"}
    fixed = [f for f in found if f not in broke]
    fixed.append(Finding("corrected_period", f"{name}.valid_until", note, "note", ev))
    return {**entry, "valid_until": want}, fixed, conf


def settle_ends(done: list[Read], skip: Collection[int] = ()) -> list[Read]:
    """``done`` (each entry's reading, in booklet order) with each period end that its
    neighbours settle replaced by the rule's (``skip``: entries that are no sticker's, such as
    a red stamp's, read as a page)."""
    out = list(done)
    for i in range(len(done)):
        if i in skip:
            continue
        if (now := _settled(done, i, skip)) is not None:
            out[i] = now
    return out
