"""An issue date its readings left in doubt, shown as the third view reads it.

The re-reads of a date field are cut from the normalised page; where they read different dates
(2017年06月5日, 2017年05月5日, 2017年05月15日) the decoder picks the likeliest and flags it, but
no rule checks month and day, so the pick may be a reading that lost a digit. The third view
(``_third_view``: the box cut from the page as scanned, at its own resolution) is other pixels:
where it reads, as it stands, a real date of the certificate number's year that more views
read in a written form than read the decoder's pick so, that date is shown instead. It stays
flagged (``ocr_disagreement``, a warning): the views disagree, and only a person can settle it.
A reading that mixes padding (2016.02.1, 05月5日) writes no date as printed: a digit was lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from datetime import date

from core.rules import Finding, normalize_digits
from scanning._cross_rules import adult_at
from scanning._date_pad import PAD_RULE, uneven
from scanning._date_repair import cert_year
from scanning._date_rules import tidy_date
from scanning._decide_restore import date_forms, lost_only
from scanning._ocr import Reading
from scanning._validate import Value

_KEY = "issue_date"
_RULE = "第三视图"
SURE = 0.9  # the third view's own score for its date to be shown
View = Callable[[], Reading | None]


def written(text: str, iso: str) -> bool:
    """``text`` is one of the ways a booklet prints the date ``iso`` (padded alike, or the
    eight digits run together), exactly."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    return t in date_forms(iso) or t == iso.replace("-", "")


def as_printed(text: str) -> str | None:
    """The ISO date ``text`` prints as it stands (no repair), else None."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    digits = re.findall(r"[0-9]+", t)
    if len(digits) == 1 and len(digits[0]) == 8:
        digits = [digits[0][:4], digits[0][4:6], digits[0][6:]]
    if len(digits) != 3 or len(digits[0]) != 4:
        return None
    try:
        iso = date(int(digits[0]), int(digits[1]), int(digits[2])).isoformat()
    except ValueError:
        return None
    return iso if written(t, iso) else None


def _adult(iso: str, born: object) -> bool:
    """The holder is of age on ``iso`` (unknown birth date: nothing to break)."""
    if not isinstance(born, str) or len(born) != 10:
        return True
    return adult_at(date.fromisoformat(born), date.fromisoformat(iso))


def choose(
    readings: Mapping[str, Sequence[Reading]], values: MutableMapping[str, Value],
    third: Mapping[str, View],
) -> None:
    """Show a flagged issue date as its third view reads it, where more views read that date
    as printed than the decoder's value (see module), or else as its readings print it when
    the others lost a digit (``_by_printed``); the field stays flagged."""
    v = values.get(_KEY)
    if v is None or not v.value or not v.blocking:
        return
    if not _by_third(readings, values, third.get(_KEY)):
        _by_printed(readings, values)


def _by_third(
    readings: Mapping[str, Sequence[Reading]], values: MutableMapping[str, Value],
    view: View | None,
) -> bool:
    """The third view's date shown (see module); whether it was."""
    v = values[_KEY]
    if view is None:
        return False
    seen = view()
    if seen is None or seen.score < SURE:
        return False
    shown = tidy_date(seen).text
    iso = as_printed(shown)
    if iso is None or iso == v.value or not _fits_others(readings, values, iso):
        return False
    texts = [tidy_date(r).text for r in readings.get(_KEY, ()) if r.text.strip()]
    for_iso = 1 + sum(written(t, iso) for t in texts)
    for_value = sum(written(t, str(v.value)) for t in texts)
    if for_iso <= for_value:
        return False
    read = "、".join(f"“{t}”" for t in texts)
    v.findings = [Finding(
        "ocr_disagreement", _KEY,
        f"批准日期各次识别不一致（{read}），原始分辨率图像读作“{shown}”（年份与证书号码一致），"
        f"显示为“{iso}”（原判读为“{v.value}”），未经确认，请核对原件", "warning",
        {"rule": _RULE, "readings": texts, "third": shown, "was": v.value},
    )]
    v.value = iso
    v.confidence = min(v.confidence, 0.5)
    return True


def _fits_others(
    readings: Mapping[str, Sequence[Reading]], values: Mapping[str, Value], iso: str
) -> bool:
    """``iso`` is of the certificate number's year and the holder is of age on it."""
    year = cert_year(values, readings.get("certificate_number", ()))
    born = values.get("birth_date")
    return year == iso[:4] and _adult(iso, born.value if born is not None else None)


def _by_printed(
    readings: Mapping[str, Sequence[Reading]], values: MutableMapping[str, Value]
) -> None:
    """Where the readings that print a date as a booklet writes it (padded alike) all print
    one date, no reading prints the decoder's pick so, and every other reading is that date
    with one digit lost and its padding left uneven (2007年07月4日 beside 2007年07月14日: 4
    may be 04 or 14, 07月 says the day had two digits), that date is shown, still flagged:
    a seal over the lost digit may also have drawn the one read."""
    v = values[_KEY]
    texts = [tidy_date(r).text for r in readings.get(_KEY, ()) if r.text.strip()]
    printed = {iso for t in texts if (iso := as_printed(t))}
    if len(printed) != 1 or any(written(t, str(v.value)) for t in texts):
        return
    iso = printed.pop()
    short = [t for t in texts if as_printed(t) is None]
    if iso == v.value or not short or not all(_lost_one(t, iso) for t in short):
        return
    if not _fits_others(readings, values, iso):
        return
    read = "、".join(f"“{t}”" for t in texts)
    v.findings = [Finding(
        "ocr_disagreement", _KEY,
        f"批准日期各次识别不一致（{read}），月、日补零不一致的读数缺失一位数字，按完整读数显示为"
        f"“{iso}”（原判读为“{v.value}”），未经确认，请核对原件", "warning",
        {"rule": PAD_RULE, "readings": texts, "was": v.value},
    )]
    v.value = iso
    v.confidence = min(v.confidence, 0.5)


def _lost_one(text: str, iso: str) -> bool:
    """``text`` pads month and day unevenly and is a written form of ``iso`` with one digit
    lost."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    return uneven(t) and any(lost_only(form, t, 1) for form in date_forms(iso))
