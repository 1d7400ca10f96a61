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

from collections.abc import Mapping
from datetime import date

from core.rules import decided_ahead
from scanning._datescan import period_end

__all__ = ["ENDS", "keeps_rule", "period_unchecked"]

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
    which, so neither of its ends is a rival."""
    if second is None or not keeps_rule(first):
        return failed
    if second.get("valid_from") is None or second.get("valid_until") is None:
        broken = bool(failed & ENDS)
    else:
        broken = not keeps_rule(second)
    return failed | ENDS if broken else failed
