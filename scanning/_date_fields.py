"""The information page's date fields, and when a surely read ID number proves the birth date.

Shared by the checks that doubt a date a digit may have gone from (a grey seal over it, month
and day padded unevenly): both leave a birth date alone that the ID number's birth segment,
read surely and not itself restored from that date, spells out.
"""

from __future__ import annotations

from collections.abc import Mapping

from scanning._validate import Value

DATE_FIELDS = ("birth_date", "issue_date")
_ID_FROM_BIRTH = "出生日期与校验码"  # an ID restored from the birth date proves nothing of it


def proved_by_id(key: str, values: Mapping[str, Value]) -> bool:
    """A birth date equal to the birth segment of an ID read surely (not restored from it)."""
    ident = values.get("id_number")
    if key != "birth_date" or ident is None or not ident.value or ident.blocking:
        return False
    if any(f.evidence.get("rule") == _ID_FROM_BIRTH for f in ident.findings):
        return False
    return str(ident.value)[6:14] == str(values[key].value).replace("-", "")
