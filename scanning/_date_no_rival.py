"""Date readings that are no rival to the value the other readings read: they lost only what
the recogniser is known to lose, and read nothing else otherwise.

A reading that disputes a date's month or day sends it to review (``_decide_review``); these
do not, and they confirm nothing either: a reading that lost only separators
(2021.0617 for 2021.06.17), and one that read a doubled digit once where that leaves no date
as printed (2014年08月1日 for 2014年08月11日).
"""

from __future__ import annotations

import re

from core.rules import normalize_digits
from scanning._date_fields import uneven
from scanning._decide_restore import date_forms, lost_only

LOST = "lost_digit"  # evidence key: the readings that dispute a date only by a lost digit


def lost_digit(key: str, value: str, against: list[str], votes: int) -> list[str]:
    """The disputing readings of a date that two sure readings confirm, when each is one of
    the value's written forms with one digit lost and nothing changed (2000年11月2日 beside
    2000年11月26日): the print's measured places may then settle it (``_date_lost_measured``).
    Empty when anything else disputes the value or fewer than two readings confirm it."""
    if not key.endswith("_date") or not value or votes < 2 or not against:
        return []
    forms = date_forms(value)
    plain = [re.sub(r"\s+", "", normalize_digits(t)) for t in against]
    if all(any(lost_only(form, t, 1) and _digits(form) == _digits(t) + 1 for form in forms)
           for t in plain):
        return list(against)
    return []


def no_rival(key: str, value: str, text: str) -> bool:
    """Whether the date reading ``text`` is no rival to ``value`` (see module)."""
    return separators_lost(key, value, text) or double_collapsed(key, value, text)


def separators_lost(key: str, value: str, text: str) -> bool:
    """A date reading that is one of the value's written forms with only separators lost
    (2021.0617 for 2021.06.17): it read the value's digits as they are, and what its own
    corrections guess from the broken text (2021-06-07) is no rival reading. It does not
    confirm the value either (the same digits may be another date: 2021.117)."""
    if not key.endswith("_date") or not value or not text:
        return False
    digits = [ch for ch in text if ch.isdigit()]
    forms = date_forms(value)
    return any(
        [ch for ch in form if ch.isdigit()] == digits and lost_only(form, text, 3)
        for form in forms
    )


def double_collapsed(key: str, value: str, text: str) -> bool:
    """A date reading that is one of the value's written forms with one of two like digits
    side by side read once (2014年08月1日 for 2014年08月11日) and that pads month and day
    unevenly. The recogniser emits a character once for each run of steps that see it, so
    a doubled digit with no gap seen between them is read once: its usual slip, not a sign
    of damage. And a booklet writes its dates one way: padded 08 beside a one-digit day is
    no date as printed. Such a reading says nothing against the value; it confirms nothing
    either."""
    if not key.endswith("_date") or not value or not uneven(text):
        return False
    plain = re.sub(r"\s+", "", normalize_digits(text))
    return any(
        form[:k] + form[k + 1 :] == plain
        for form in date_forms(value)
        for k in range(1, len(form)) if form[k].isdigit() and form[k] == form[k - 1]
    )


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)
