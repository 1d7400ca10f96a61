"""The information page's date fields, when a surely read ID number proves the birth date,
and when a reading pads month and day unevenly.

Shared by the checks that doubt a date a digit may have gone from (a grey seal over it, month
and day padded unevenly, a third view that lost a digit): they leave a birth date alone that
the ID number's birth segment, read surely and not itself restored from that date, spells out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from core.rules import normalize_digits
from scanning._validate import Value

DATE_FIELDS = ("birth_date", "issue_date")
# The rule a finding on an unevenly padded date names (information page, third view, sticker
# period ends); kept here, not in ``_date_pad``, so the sticker decoder imports it without a cycle.
PAD_RULE = "日期补零不一致"
_ID_FROM_BIRTH = "出生日期与校验码"  # an ID restored from the birth date proves nothing of it
_DATE = re.compile(r"(?:19|20)[0-9]{2}\s*[年.\-/]\s*([0-9]{1,2})\s*[月.\-/]\s*([0-9]{1,2})")


def uneven(text: str) -> bool:
    """Month or day padded to two digits (0x) while the other has one digit (2017年09月1日):
    a booklet writes its dates one way, so the short one most likely lost a digit."""
    m = _DATE.search(normalize_digits(text))
    if m is None:
        return False
    parts = (m.group(1), m.group(2))
    padded = any(len(p) == 2 and p[0] == "0" for p in parts)
    return padded and any(len(p) == 1 for p in parts)


def proved_by_id(key: str, values: Mapping[str, Value]) -> bool:
    """A birth date equal to the birth segment of an ID read surely (not restored from it)."""
    ident = values.get("id_number")
    if key != "birth_date" or ident is None or not ident.value or ident.blocking:
        return False
    if any(f.evidence.get("rule") == _ID_FROM_BIRTH for f in ident.findings):
        return False
    return str(ident.value)[6:14] == str(values[key].value).replace("-", "")
