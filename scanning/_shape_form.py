"""Whether a labelled field's read can be no value of that field: a run of digits under a
field written in characters (a subject, a name, an authority).

A label whose own value line was misread as a label, or lost, takes the next value down the
page (a subject's label given the certificate number's line under it). Any real booklet prints
subjects, names, qualification types and offices in characters, never as a number or a date,
so such a read is another field's value in the wrong place: it is no candidate to decode, and
its field is looked for by its value's shape instead (``_shape_fields``). A read holding any
Han character, or only a digit or two (a stray mark), stays: the decoder judges it.
"""

from __future__ import annotations

from core.rules import is_han

__all__ = ["misfit"]

# Fields whose values are written in characters on every booklet.
WORDED = frozenset({"name", "ethnicity", "qualification_type", "subject", "issuing_authority"})
MIN_DIGITS = 4  # digits that make a read a number or a date rather than a stray mark


def misfit(key: str, text: str) -> bool:
    """A read of field ``key`` that is a number or a date where characters must stand."""
    if key not in WORDED or any(is_han(ch) for ch in text):
        return False
    return sum(ch.isdigit() for ch in text) >= MIN_DIGITS
