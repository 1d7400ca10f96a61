"""A birth date printed as year and month only (出生年月：1988年5月), a real print generation.

Such a print has no day to read, so the date comes from the ID number's birth segment when the
printed year and month agree with it: the ID number, decided on its own rules (check character,
division code), gives the day, and the print confirms the year and month independently. When
they disagree, one of the two is misread or misprinted, and both fields go to review. When the
ID number is not decided, the birth date is left as the decoder left it (missing or flagged).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from datetime import date

from core.rules import Finding, normalize_digits
from scanning._cross_rules import plausibility
from scanning._ocr import Reading
from scanning._validate import Value

_MONTH_ONLY = re.compile(r"((?:19|20)[0-9]{2})\s*[年.\-/]\s*([0-9]{1,2})\s*月?$")
_LEAD = 3  # stray marks before the year a reading may carry (a leader's dots read as ..1)
_RULE = "出生年月与身份证号码出生日期段"


def year_month(text: str) -> tuple[int, int] | None:
    """The year and month of a date printed without its day, else None."""
    m = _MONTH_ONLY.search(normalize_digits(text).strip())
    if m is None or m.start() > _LEAD or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


def _unshortened(months: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The year-and-month reads less one that is another's with a month digit lost (1957年1月
    beside 1957年11月: a digit under a mark or blurred into its neighbour). A print's digit is
    dropped far more often than one is added; the ID number's birth segment still has to
    agree with the month that stays, else both fields go to review."""
    def lost(short: int, long: int) -> bool:
        s, w = str(short), str(long)
        return len(w) == 2 and len(s) == 1 and s in (w[0], w[1])

    return {(y, m) for y, m in months
            if not any(y == y2 and lost(m, m2) for y2, m2 in months)}  # fmt: skip


def _id_birth(ident: str) -> date | None:
    try:
        return date(int(ident[6:10]), int(ident[10:12]), int(ident[12:14]))
    except ValueError:
        return None


def settle(readings: Mapping[str, Sequence[Reading]], values: MutableMapping[str, Value]) -> None:
    """The birth date of a year-and-month print, from the decided ID number (see module)."""
    texts = [r.text for r in readings.get("birth_date", ()) if r.text.strip()]
    # A reading that lost a digit (976年2月: a leader's dots took the 1) says nothing; the
    # readings that do read a year and month must all agree.
    months = _unshortened({m for t in texts if (m := year_month(t)) is not None})
    born, ident = values.get("birth_date"), values.get("id_number")
    printed = months.pop() if len(months) == 1 else None
    if printed is None or born is None or ident is None:
        return
    if not ident.value or ident.blocking or (day := _id_birth(ident.value)) is None:
        return
    shown = f"{printed[0]}年{printed[1]}月"
    if printed != (day.year, day.month):
        message = f"出生年月印为“{shown}”，与身份证号码出生日期段 {day.isoformat()} 不符，请核对"
        for key, v in (("birth_date", born), ("id_number", ident)):
            v.fail(Finding("conflict", key, message, "warning", {"rule": _RULE, "read": texts}),
                   0.5)
        return
    note = Finding("corrected", "birth_date", f"出生年月仅印“{shown}”，与身份证号码一致，"
                   f"日取自号码出生日期段：{day.isoformat()}", "note", {"rule": _RULE})
    if born.value == day.isoformat():
        born.findings = [note if f.code == "corrected" else f for f in born.findings]
        return
    if born.value is not None:
        return  # a full date read where year and month were printed: the decoder's to judge
    issue = values.get("issue_date")
    filled = Value(day.isoformat(), ident.confidence, [note])
    plausibility({"birth_date": filled, "issue_date": Value(issue.value if issue else None, 1.0)},
                 date.today())
    values["birth_date"] = filled
