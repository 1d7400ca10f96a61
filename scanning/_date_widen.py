"""A birth date's box that holds no whole date, stretched to the right along its row.

The text detector stops a line where a seal's ring crosses it (出生日期：1976年 | 08月28日 under a
grey seal's ring): the box then holds only the date's start, and every re-read of the box reads
the same start (1976年, 1976年0). The date's print runs on along its row, so the box is
stretched right to the right edge of the page's widest value, as the signature block's issue
date already is (``_sign_date.widened``), when no other field's box lies in the way. The box is
only re-read; the ID number's birth segment and the decoder still decide the value.
"""

from __future__ import annotations

import dataclasses

from core.rules import normalize_digits
from scanning._info_labels import RawField
from scanning._sign_date import widened

__all__ = ["widen_birth"]

_KEY = "birth_date"
_YEAR_DIGITS = 4  # the box holds the date's start: at least its year's digits


def widen_birth(raw: dict[str, RawField]) -> None:
    """Stretch the birth date's box right (see the module) when its text starts a date it
    does not hold whole and nothing else stands in the stretched box."""
    birth = raw.get(_KEY)
    if birth is None or sum(ch.isdigit() for ch in normalize_digits(birth.text)) < _YEAR_DIGITS:
        return
    if (box := widened(raw, _KEY)) is not None:
        raw[_KEY] = dataclasses.replace(birth, box=box)
