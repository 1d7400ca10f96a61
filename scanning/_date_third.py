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
from scanning._date_repair import cert_year
from scanning._date_rules import tidy_date
from scanning._decide_restore import date_forms
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


def _as_printed(text: str) -> str | None:
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
    as printed than the decoder's value (see module); the field stays flagged."""
    v, view = values.get(_KEY), third.get(_KEY)
    if v is None or not v.value or not v.blocking or view is None:
        return
    seen = view()
    if seen is None or seen.score < SURE:
        return
    shown = tidy_date(seen).text
    iso = _as_printed(shown)
    year = cert_year(values, readings.get("certificate_number", ()))
    if iso is None or iso == v.value or year is None or iso[:4] != year:
        return
    born = values.get("birth_date")
    if not _adult(iso, born.value if born is not None else None):
        return
    texts = [tidy_date(r).text for r in readings.get(_KEY, ()) if r.text.strip()]
    for_iso = 1 + sum(written(t, iso) for t in texts)
    for_value = sum(written(t, str(v.value)) for t in texts)
    if for_iso <= for_value:
        return
    read = "、".join(f"“{t}”" for t in texts)
    v.findings = [Finding(
        "ocr_disagreement", _KEY,
        f"批准日期各次识别不一致（{read}），原始分辨率图像读作“{shown}”（年份与证书号码一致），"
        f"显示为“{iso}”（原判读为“{v.value}”），未经确认，请核对原件", "warning",
        {"rule": _RULE, "readings": texts, "third": shown, "was": v.value},
    )]
    v.value = iso
    v.confidence = min(v.confidence, 0.5)
