"""A birth date read cut short at its end, restored from the ID number's birth segment.

A seal's ring or the box's edge can take the end of a printed birth date: 1967年2月28日 read
1967年2月2, which is still a real date (2 February) and so was never doubted as damaged. A
date written with 年 and 月 ends with 日; a reading that stops on a digit after its 月 has lost
its end, and the digits it shows are only the start of the day. The ID number's birth segment
is the birth date: every valid ID candidate read as it stands (check character and division
code pass) whose birth date each reading is the start of restores that date as a candidate.
Only an ID whose day digits (the part the short reading lost) every reading of the ID reads
alike, with no runner-up digit the engine gave a real chance, restores a date: the day then
rests on the ID's own readings and its check character, the year and month on both fields.
The joint decision then chooses among the candidates, as for any restoration.
"""

from __future__ import annotations

import re

from core.rules import normalize_digits
from scanning import _decide_restore as restore
from scanning._decide_field import Field

_RULE = "身份证号码出生日期段（出生日期末尾缺字）"
# A date in 年 and 月 that stops on a digit after its 月: its 日 and maybe a digit are lost.
_CUT = re.compile(r"(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}")
_LOST = 3  # characters a cut end may take: 日 and at most two digits
_DAY = (12, 13)  # the day's digits in an ID number


def cut_short(text: str) -> bool:
    """A reading written in 年 and 月 that ends on a day's digit with no 日 after it."""
    return _CUT.fullmatch(re.sub(r"\s+", "", normalize_digits(text))) is not None


def _starts(iso: str, text: str) -> bool:
    """``text`` is a written form of the date ``iso`` with 1..``_LOST`` characters lost at
    its end."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    return any(
        form.startswith(t) and 0 < len(form) - len(t) <= _LOST
        for form in restore.date_forms(iso)
    )


def restore_cut(birth: Field, ident: Field) -> None:
    """Add to ``birth`` the birth dates of ``ident``'s valid candidates (read as they stand,
    not restored) that every reading of a birth date cut short at its end begins (module)."""
    texts = [r.text for r in birth.readings if r.text.strip()]
    if not texts or not all(cut_short(t) for t in texts):
        return
    found = []
    for value, option in ident.options.items():
        if option.support < 1 or value in ident.restored or len(value) != 18:
            continue
        seg = value[6:14]
        iso = f"{seg[:4]}-{seg[4:6]}-{seg[6:]}"
        if iso in birth.options or not day_sure(ident, value):
            continue
        if all(_starts(iso, t) for t in texts):
            found.append(iso)
    if found:
        restore.add_restored(birth, sorted(set(found)), _RULE)


def day_sure(ident: Field, value: str) -> bool:
    """Every reading of the ID's full length reads ``value``'s day digits, and its engine
    offered no other character there with ``restore.DOUBT`` or more."""
    whole = [r for r in ident.readings if len(r.text) == len(value)]
    return bool(whole) and all(
        r.text[i] == value[i]
        and not any(
            ch != value[i] and p >= restore.DOUBT
            for ch, p in (r.alternatives[i] if i < len(r.alternatives) else ())
        )
        for r in whole for i in _DAY
    )
