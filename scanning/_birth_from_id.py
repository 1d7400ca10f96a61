"""A birth date whose day the readings lost, taken from the decided ID number's birth segment.

The ID number's birth segment is the birth date (GB 11643), and its check character covers
those digits, so an ID decided on its own rules, whose day digits every reading reads alike
with no rival the engine gave a real chance, is independent evidence of the day.

Two ways a printed birth date loses its day that the decoder alone cannot mend:
- the day is not read at all (1967年4月艮胸:满族, 1967.4.艮胸): a neighbouring field's
  print, a seal or a smudge covers it. The print still shows year and month whole; when
  they agree with the ID's, the day comes from the ID, as for a date printed without its
  day (``_birth_month``), a correction the rules prove (a note).
- a dotted or dashed date lost its end (1978.12.3 for 1978.12.31). Such a form shows no end
  mark (no 日), so 1978.12.3 is a whole date as well: the print may differ from the ID. The
  ID's date is shown, since it is the likelier, and the field stays flagged for a person.
- a day damaged past reading, digits and marks mixed (1963年2月民2关:满族: the ethnicity's
  print over it). Year and month, whole and closed by their marks, agree with the ID's; the
  ID's date is offered, flagged (``suggested``): what is left of the day proves nothing.
In every case the ID number is not blamed: its own rules prove it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from core.errors import InvalidInput
from core.rules import Finding, normalize_digits, validate_id_number
from scanning import _decide_restore as restore
from scanning._birth_cut import day_sure
from scanning._decide_field import Field
from scanning._ocr import Reading
from scanning._validate import Value

_RULE = "身份证号码出生日期段（出生日期的日未能识别）"
_MISMATCH = "id_birth_date_mismatch"
# Year 年 month (or year.month), then nothing that is a digit: a one-digit month must end in
# 月 or a separator (年1 may be the start of 10, 11 or 12); a two-digit month is whole.
_UNREAD = re.compile(r"((?:19|20)[0-9]{2})[年.\-/](?:([0-9]{2})|([0-9])[月.\-/])([^0-9]+)")
_LOST = 2  # digits a dotted date's end may lose: the day's one or two
_YEAR_MONTH = re.compile(r"((?:19|20)[0-9]{2})[年.\-/]([0-9]{1,2})[月.\-/]")


def day_unread(text: str) -> tuple[int, int] | None:
    """The year and month of a reading that shows them whole and then no digit of its day,
    else None (a whole date, one cut on a digit, or one printed without its day)."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    m = _UNREAD.fullmatch(t)
    if m is None:
        return None
    if not (m.group(4)[1:] if m.group(2) and m.group(4)[0] in "月.-/" else m.group(4)):
        return None  # 1985年11月: printed without its day (``_birth_month``)
    month = int(m.group(2) or m.group(3))
    return (int(m.group(1)), month) if 1 <= month <= 12 else None


def _end_lost(iso: str, text: str) -> bool:
    """``text`` is a separator form of ``iso`` (1978.12.31) with its last digits lost."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    return "年" not in t and any(
        form.startswith(t) and 0 < len(form) - len(t) <= _LOST and "年" not in form
        for form in restore.date_forms(iso)
    )


def _proved_id(ident: Field, value: Value) -> date | None:
    """The birth date of the decided ID number when its own rules and readings prove it."""
    number = value.value
    if not number or any(f.blocking and f.code != _MISMATCH for f in value.findings):
        return None
    try:
        born = validate_id_number(number).birth_date
    except InvalidInput:
        return None
    return born if day_sure(ident, number) else None


def settle(readings: Sequence[Reading], ident: Field, out: Mapping[str, Value]) -> None:
    """The birth date from the ID number when its readings lost the day (see module)."""
    texts = [r.text for r in readings if r.text.strip()]
    born, number = out["birth_date"], out["id_number"]
    day = _proved_id(ident, number) if texts else None
    if day is None or born.value == day.isoformat():
        return
    iso = day.isoformat()
    if born.value is None and all(day_unread(t) == (day.year, day.month) for t in texts):
        note = Finding("corrected", "birth_date", f"出生日期读作“{texts[0]}”，日未能识别；年月与"
                       f"身份证号码一致，日取自号码出生日期段：{iso}", "note", {"rule": _RULE})
        _replace(out, Value(iso, number.confidence, [note]))
    elif all(_end_lost(iso, t) for t in texts):
        warn = Finding("corrected", "birth_date", f"出生日期读作“{texts[0]}”，是身份证号码出生"
                       f"日期 {iso} 末尾缺字的写法，按号码取 {iso}；但该写法本身也是完整日期，"
                       "请核对原件", "warning", {"rule": _RULE, "read": texts})
        _replace(out, Value(iso, 0.5, [warn]))
        number.findings = [f for f in number.findings if f.code != _MISMATCH]
    elif born.value is None and all(year_month_read(t) == (day.year, day.month) for t in texts):
        warn = Finding("suggested", "birth_date", f"出生日期读作“{texts[0]}”，日处有污损无法识别；"
                       f"年月与身份证号码一致，建议按号码出生日期段取 {iso}，请核对原件",
                       "warning", {"rule": _RULE, "read": texts, "candidates": [iso]})
        _replace(out, Value(iso, 0.5, [warn]))


def year_month_read(text: str) -> tuple[int, int] | None:
    """The year and month a reading starts with, whole and closed by their marks (1963年2月,
    1963.2.), whatever the rest holds (民2关:满族: a neighbour's print over the day)."""
    m = _YEAR_MONTH.match(re.sub(r"\s+", "", normalize_digits(text)))
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


def _replace(out: Mapping[str, Value], filled: Value) -> None:
    """Put ``filled`` in the birth date's place (the same object, so every holder sees it)."""
    born = out["birth_date"]
    born.value, born.confidence, born.findings = filled.value, filled.confidence, filled.findings
