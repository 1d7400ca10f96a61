"""Numbered remarks: an enumerator opening a remark's row (1．/1、/（1）/一、/①).

Offices number the entries of a remarks page (1．2019年3月5日，证书遗失…). The number is no part
of the entry: it marks where one entry begins. Only an enumerator that opens its row counts, and
only in a shape no sentence starts with — a number and its mark (．、.，), a number in brackets,
a circled number — so a number inside a sentence (第2次, 2019年 in the text) stays text. A bare
number before a year (12021年01月25日, the mark lost) is one only when the rest reads as a real
date; else the row stays as read (flagged by the date's rules).
"""

from __future__ import annotations

import re

from core.rules import HAN_RANGE

__all__ = ["bare", "lead", "opens"]

_NUM = r"(?:[1-9]\d?|[一二三四五六七八九十]{1,3})"
# The whole span before an entry's date: an enumerator and nothing else.
_LEAD = re.compile(rf"^\s*(?:{_NUM}\s*[．.、，,]|[（(]\s*{_NUM}\s*[)）]|[①-⑳])\s*$")
_BARE = re.compile(r"\s*[1-9]\d?\s*(?=(?:19|20)\d{2}\s*[年.．\-/])")
# An enumerator opening a row of text (no date after it): the mark must be there, and words
# must follow (1.5倍 is a number, not an entry's number).
_OPENS = re.compile(rf"^\s*(?:{_NUM}\s*[．.、]|[（(]\s*{_NUM}\s*[)）]|[①-⑳])\s*(?=[{HAN_RANGE}])")


def bare(text: str) -> int:
    """Length of a number opening ``text`` right before a year (its mark lost: 12021年01月25日,
    1 2021-01-25), 0 when there is none. A caller cuts it only when a real date follows: a
    five-digit run before 年 is no year, and no sentence opens with a bare number and a date."""
    m = _BARE.match(text)
    return m.end() if m else 0


def lead(prefix: str) -> bool:
    """Whether ``prefix`` (a row's text before its date) is only an entry's enumerator."""
    return _LEAD.match(prefix) is not None


def opens(text: str) -> int:
    """Length of the enumerator opening a dateless row of text (0 when it has none)."""
    m = _OPENS.match(text)
    return m.end() if m else 0
