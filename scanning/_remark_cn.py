"""Dates in a remark's text, Chinese-numeral forms included as a hand or an office writes them.

An office often closes a remark with its date in Chinese numerals, in brackets at the end of the
text (…予以补发（二〇二五年九月二十九日）). Two things a recogniser does to such a date must not
cost the entry its date:

- the zero of the year, 〇, comes back as the digit 0 or the letter o (二0二五年): in a run of
  Chinese numerals before 年 it can only be 〇, so it is read as one;
- one or two characters of the year are lost (二二五年九月二十九日, 二四年十月三十一日): the date
  is still the entry's date, it ends the entry and stands where the date stands, but its value
  is unreadable (flagged), never guessed.

A date in digits whose dots were lost (2025 03 19) is read as if they stood there.

Every other form (2019年5月8日, 2019.05.08, 2019-05-08, 二〇一九年五月八日) is
``scanning._datescan.find_dates``'s.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scanning._datescan import Found, find_dates, read_date

__all__ = ["BROKEN", "find", "is_broken", "proved"]

_NUMERALS = "〇○零O一二三四五六七八九十"
_DIGITS_CN = "一二三四五六七八九十"  # numerals no recogniser confuses with a zero
_CN_FORM = re.compile(f"[{_DIGITS_CN}]")
# A year in Chinese numerals whose zero may have come back as 0 or o, not after a digit (2000年).
_YEAR_RUN = re.compile(rf"(?<![0-9])[{_NUMERALS}0o]{{3,4}}(?=\s*年)")
# A Chinese-numeral date whose year kept only two or three characters: a date, but no
# readable one.
BROKEN = re.compile(rf"[{_NUMERALS}]{{2,3}}年[{_DIGITS_CN}]{{1,3}}月[{_DIGITS_CN}]{{1,3}}[日号]")
# A Chinese-numeral date as the page reading may return it: spaces where the detector cut it
# into boxes (二〇二五年 八月十八日), the year whole or short of a character or two.
_LOOSE = re.compile(
    rf"(?<![{_NUMERALS}0-9])[{_NUMERALS}]{{2,4}}\s*年\s*[{_DIGITS_CN}]{{1,3}}\s*月"
    rf"\s*[{_DIGITS_CN}]{{1,3}}\s*[日号]"
)

# A full date in Arabic digits one of whose month or day digits came back as a letter the date
# reader does not take for a digit: still a date (it ends its entry), unread unless it reads.
_SHAPED = re.compile(r"(?<![0-9])[0-9]{4}\s*年\s*[0-9A-Za-z]{1,2}\s*月\s*[0-9A-Za-z]{1,2}\s*[日号]")

# A date in digits whose dots a bitonal scan or a faint print lost, leaving its three groups
# apart (2025.03.19 read 2025 03 19, a ledger's date column): the groups' lengths and the
# calendar leave one reading, as with the dots.
_SPACED = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}\s+[0-9]{1,2}\s+[0-9]{1,2}(?![0-9])")


def dotted(text: str) -> str:
    """``text`` with each date whose dots were lost (2015 2 12) given dots (2015.2.12): taking
    the white space out of a reading would otherwise run its groups into one number. Each
    space run becomes a dot and spaces (one character for one: alternatives stay aligned)."""
    return _SPACED.sub(lambda m: re.sub(r"\s+", lambda s: "." + s.group(0)[1:], m.group(0)), text)


def _zeros(m: re.Match[str]) -> str:
    run = m.group(0)
    if not any(ch in _DIGITS_CN for ch in run):
        return run  # all zeros and letters: no Chinese-numeral year
    return run.replace("0", "〇").replace("o", "〇")


def find(text: str) -> list[Found]:
    """Every date inside a remark's ``text``, left to right (spans are ``text``'s own)."""
    norm = _YEAR_RUN.sub(_zeros, text)  # one character for one: spans stay
    found = find_dates(norm)
    taken = [(f.start, f.end) for f in found]
    for m in _LOOSE.finditer(norm):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(Found(m.start(), m.end(), read_date(re.sub(r"\s+", "", m.group(0)))))
    taken = [(f.start, f.end) for f in found]
    for m in _SHAPED.finditer(norm):  # 2021年0q月12日: a date whose digit came back a letter
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(Found(m.start(), m.end(), read_date(m.group(0))))
    taken = [(f.start, f.end) for f in found]
    for m in _SPACED.finditer(norm):  # 2025 03 19: the dots lost
        if not any(s < m.end() and m.start() < e for s, e in taken):
            dotted = read_date(re.sub(r"\s+", ".", m.group(0)))
            found.append(Found(m.start(), m.end(), replace(dotted, text=m.group(0))))
    return sorted(found, key=lambda f: f.start)


def is_broken(f: Found) -> bool:
    """Whether ``f`` is a Chinese-numeral date whose year lost a character."""
    return f.read.value is None and BROKEN.fullmatch(f.read.text) is not None


def proved(text: str, k: int) -> bool:
    """Whether the character at ``k`` is a numeral of a real Chinese-numeral date that the
    calendar fixes: no other numeral there makes another real date (二○二五年: 2125 is no
    year a booklet holds, so ○ can only be 〇; 二〇一九年 beside 2029 proves nothing)."""
    here = [f for f in find(text) if f.read.value and f.start <= k < f.end]
    if not here or text[k] not in _NUMERALS + "0o" or not _CN_FORM.search(here[0].read.text):
        return False
    for alt in "〇一二三四五六七八九十":
        other = find(text[:k] + alt + text[k + 1 :])
        if any(g.read.value not in (None, here[0].read.value) and g.start <= k < g.end
               for g in other):  # fmt: skip
            return False
    return True
