"""An issue date the decoder could not decide, suggested from its damaged readings.

A seal, a fold or a blur leaves a date read with a character inside it that no date holds
(2014年10用月20日: the seal's 用 between the month and 月), a separator lost (202005.19), a
year's digit gone under the ring (219年5月11日) or one digit read as a look-alike that makes
no real date (2012年04月49日). No rule proves what the print was, but the readings mostly
leave one real date of the certificate number's year: that date is shown to the clerk as a
suggestion, always flagged (``date_suggested``, a warning), never accepted without review.
Where the readings leave two dates or none, the field stays empty as decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from datetime import date

from core.errors import InvalidInput
from core.rules import EARLIEST_YEAR, Finding, normalize_digits, parse_cn_date
from scanning import _datescan
from scanning._date_cn import SMALL as _SMALL
from scanning._date_cn import YEAR_DIGITS
from scanning._date_rules import CN_NUMERALS, date_value, tidy_date
from scanning._ocr import Reading
from scanning._validate import Value

_RULE = "受损日期推测"
_KEY = "issue_date"
# What a written date holds: digits, Chinese numerals, its units and separators.
_DATE_CHARS = frozenset("0123456789年月日号.-/" + CN_NUMERALS)
_CERT = re.compile(r"^(?:19|20)[0-9]{15}$")
_YEAR = re.compile(r"^(?:19|20)[0-9]{2}(?=[0-9]{6})")  # a number's year, ten digits read


def readings_of(text: str) -> set[str]:
    """The texts a damaged date reading may have been: as read, with one character no date
    holds dropped (10用月 → 10月), with a lost separator put back (``_datescan``), one
    shape-alike digit changed or a year's lost digit put back (``_datescan.suggest``)."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    out = {t}
    strays = [i for i, ch in enumerate(t) if ch not in _DATE_CHARS]
    if len(strays) == 1:
        out.add(t[: strays[0]] + t[strays[0] + 1 :])
        out |= _stray_separator(t, strays[0])
    out |= set(_datescan.separator_readings(t))
    return out


def _stray_separator(text: str, at: int) -> set[str]:
    """The reading with its one stray character (a seal's, over the dot) taken for the
    separator the date writes elsewhere, when that leaves its digits whole: 2008.10数06 →
    2008.10.06, four, two and two digits."""
    seps = {ch for ch in text if ch in ".-/"}
    if len(seps) != 1:
        return set()
    form = text[:at] + seps.pop() + text[at + 1 :]
    return {form} if _WHOLE_SEPARATED.fullmatch(form) else set()


_WHOLE_SEPARATED = re.compile(r"(?:19|20)[0-9]{2}([.\-/])[0-9]{2}\1[0-9]{2}")


def dates_of(text: str, today: date, year: str | None) -> set[str]:
    """Every real issue date (``EARLIEST_YEAR`` to ``today``, of ``year`` when known) one
    repair of ``text`` away."""
    value = date_value(EARLIEST_YEAR, today)
    found: set[str] = set()
    for form in readings_of(text):
        if (d := value(form)) is not None:
            found.add(d)
            continue
        hint = _datescan.suggest(form)
        if hint is not None and value(hint) is not None:
            found.add(hint)
    found |= _lost_year_digit(text, today, year) | _year_hidden(text, today, year)
    found |= _year_stray(text, today, year)
    return {d for d in found if year is None or d[:4] == year}


def _lost_year_digit(text: str, today: date, year: str | None) -> set[str]:
    """A year read with three digits (219年5月11日): only the number's year may be put back,
    and only when its digits are the read ones with one added."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    m = re.match(r"^([0-9]{3})(年.*)$", t)
    if year is None or m is None or not _datescan.one_lost(m[1], year):
        return set()
    d = date_value(EARLIEST_YEAR, today)(year + m[2])
    return {d} if d else set()


_WRITTEN_YEAR = re.compile(r"^(.{4})年(.+)$")


def _year_stray(text: str, today: date, year: str | None) -> set[str]:
    """A year written before its 年 with one character no numeral (二〇千二年: a seal's stroke
    across 二): only the number's year may stand there, and only when the other three are
    its digits in their places (in Arabic digits or Chinese numerals)."""
    m = _WRITTEN_YEAR.match(re.sub(r"\s+", "", normalize_digits(text)))
    if year is None or m is None:
        return set()
    read = m[1].translate(YEAR_DIGITS)
    strays = [i for i, ch in enumerate(read) if not ch.isdigit()]
    if len(strays) != 1 or any(read[i] != year[i] for i in range(4) if i != strays[0]):
        return set()
    d = date_value(EARLIEST_YEAR, today)(f"{year}年{m[2]}")
    return {d} if d else set()


# A dotted date whose year a seal's ring hid or broke (03.03, 20803.03 for 2007.03.03): what
# is left of the year and its dot (at most three characters, no separator), then a month and
# a day of two digits each, as read. Both of two digits: a group that lost a digit shows it.
_YEAR_HIDDEN = re.compile(r"^([^.\-/]{0,3}?)([0-9]{2})([.\-/])([0-9]{2})$")


def _year_hidden(text: str, today: date, year: str | None) -> set[str]:
    """The number's year put before a month and day read whole after a year the seal hid
    (``_YEAR_HIDDEN``): the number's year is the year of grant, the date's own."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    m = _YEAR_HIDDEN.match(t)
    if year is None or m is None or m[1] + m[2] == year:
        return set()  # 2007.11: the year is there whole, and what follows is no month and day
    d = date_value(EARLIEST_YEAR, today)(f"{year}{m[3]}{m[2]}{m[3]}{m[4]}")
    return {d} if d else set()


def suggestion(texts: Sequence[str], today: date, year: str | None) -> str | None:
    """The one real date the readings leave: the only one any reading leaves, the only one
    every reading that leaves any agrees on, or the only one a reading writes out as read
    (``_written_whole``). A reading another one continues (二〇二二年十二月二十 beside
    …二十八日) is that print cut short, and leaves no date of its own."""
    texts = [t for t in texts if not any(o != t and o.startswith(t) for o in texts)]
    each = [s for t in texts if (s := dates_of(t, today, year))]
    union = set().union(*each) if each else set()
    if len(union) == 1:
        return union.pop()
    common = set.intersection(*each) if each else set()
    if len(common) == 1:
        return common.pop()
    written = {d for d in union if _written_whole(texts, d)}
    return written.pop() if len(written) == 1 else None


def _written_whole(texts: Sequence[str], iso: str) -> bool:
    """Some reading writes the date's month and day as read, split by their separator or
    units, at most the separator after its year lost (201111-10 for 2011-11-10): of the
    dates a reading leaves, one that needs no digit read as anything else beats one that
    needs a separator misread as a digit (the same 201111-10 as 2011-1-10), a thin mark
    more often lost than read as a stroke."""
    want = (int(iso[5:7]), int(iso[8:10]))
    return any(want in (month_day(t), _split_after(t, iso[:4])) for t in texts)


# Month and day after a year, split by their own separator (the year's may be lost): 2008.1006
# has lost the one between them, and its four digits may be 10-06 as well as 1-006's 01-06.
_SPLIT_AFTER_YEAR = re.compile(r"[.\-/年]?([0-9]{2})[.\-/月]([0-9]{2})日?")


def _split_after(text: str, year: str) -> tuple[int, int] | None:
    """Month and day a reading writes after ``year``, split by their separator, as read."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    m = _SPLIT_AFTER_YEAR.fullmatch(t.removeprefix(year)) if t.startswith(year) else None
    return (int(m[1]), int(m[2])) if m else None


def cert_year(values: Mapping[str, Value], readings: Sequence[Reading] = ()) -> str | None:
    """The certificate number's year: the number's when it was decided without doubt, else
    the year every reading of it starts with (a number cut short under the seal, 2005530424,
    still shows its year), when they all agree and are two or more."""
    cert = values.get("certificate_number")
    if cert is not None and not cert.blocking and cert.value and _CERT.match(str(cert.value)):
        return str(cert.value)[:4]
    years = [m[0] for r in readings if (m := _YEAR.match(normalize_digits(r.text)))]
    return years[0] if len(years) >= 2 and len(set(years)) == 1 else None


def suggest(
    readings: Mapping[str, Sequence[Reading]], values: MutableMapping[str, Value],
    today: date | None = None,
) -> None:
    """Fill an issue date the decoder left empty with the one date its readings suggest,
    flagged for review (see module); flag one whose month or day it corrected."""
    v = values.get(_KEY)
    if v is not None and v.value:
        flag_changed_day(readings, values)
        return
    if v is None:
        return
    texts = [tidy_date(r).text for r in readings.get(_KEY, ()) if r.text.strip()]
    texts = [t for t in texts if t]
    if not texts:
        return
    year = cert_year(values, readings.get("certificate_number", ()))
    # The one date the readings leave comes first: the decoder's likeliest may rest on a
    # repair a whole reading contradicts (2008.1006 taken as 2008.1.06 beside 2008.10数06).
    found = suggestion(texts, today or date.today(), year) or _top_candidate(v.findings)
    if found is None or (year is not None and found[:4] != year):
        return
    v.value = found
    v.fail(Finding("date_suggested", _KEY, f"批准日期读作“{texts[0]}”，不是可确认的日期；"
                   f"推测为“{found}”" + (f"（与证书号码年份 {year} 一致）" if year else "")
                   + "，未经确认，请核对原件", "warning",
                   {"rule": _RULE, "readings": list(texts), "suggested": found}), 0.5)


# Month and day as written after a year: 2015年7月1日, 2015.07.01, 二〇一五年七月一日.
# The units may be misread (生 for 年, 用 for 月): any one character that is no numeral.
_UNIT = f"[^0-9{CN_NUMERALS}]"
_MONTH_DAY = re.compile(  # a year that lost a digit (215年) still shows month and day whole
    rf"(?<![0-9A-Za-z])(?:[0-9A-Za-z{CN_NUMERALS}]{{3,4}}{_UNIT}|[0-9A-Za-z]{{4}}[.\-/])"
    rf"{_SMALL}{_UNIT}{_SMALL}(?![0-9])"
)


def month_day(text: str) -> tuple[int, int] | None:
    """The month and day a reading writes out after its year, as read (no repair)."""
    m = _MONTH_DAY.search(re.sub(r"\s+", "", normalize_digits(text)))
    if m is None:
        return None
    try:
        d = parse_cn_date(f"2000年{m[1]}月{m[2]}日")
    except InvalidInput:
        return None
    return d.month, d.day


# After a year that lost its separator: month and day split by a separator or a unit, or
# four digits (MMDD): each has one way to be month and day. Both of two digits: a reading
# that lost one character may have lost another (200911.1 may be 2009.11.12).
_AFTER_YEAR = re.compile(r"[.\-/年]?(?:([0-9]{2})[.\-/月]([0-9]{2})日?|([0-9]{2})([0-9]{2}))")


def month_day_after(text: str, year: str) -> tuple[int, int] | None:
    """The month and day a reading writes after ``year`` when at most the separator after
    the year was lost (200910.10): read as written, no digit moved or changed."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    m = _AFTER_YEAR.fullmatch(t.removeprefix(year)) if t.startswith(year) else None
    if m is None:
        return None
    month, day = (m[1], m[2]) if m[1] else (m[3], m[4])
    return int(month), int(day)


def flag_changed_day(
    readings: Mapping[str, Sequence[Reading]], values: MutableMapping[str, Value]
) -> None:
    """An issue date the decoder corrected in its month or day (1997年70月7日 → 1997-10-07):
    no rule checks them (the number proves only the year), so a month and day no reading
    wrote out as they are is a repair of a damaged read, and is flagged for review. One that
    lost only the separator after its year (200910.10) wrote them out as they are."""
    v = values.get(_KEY)
    if v is None or not v.value or v.blocking:
        return
    if not any(f.code == "corrected" for f in v.findings):
        return
    shown = (int(v.value[5:7]), int(v.value[8:10]))
    texts = [r.text for r in readings.get(_KEY, ()) if r.text.strip()]
    if any(shown in (month_day(t), month_day_after(t, v.value[:4])) for t in texts):
        return
    v.fail(Finding("date_suggested", _KEY, f"批准日期读作“{texts[0] if texts else ''}”，月、日经"
                   f"更正为“{v.value}”，无规则可校验月、日，请核对原件", "warning",
                   {"rule": _RULE, "readings": texts, "suggested": v.value}), 0.5)


def _top_candidate(findings: Iterable[Finding]) -> str | None:
    """The likeliest of the candidates an ``ambiguous`` finding names, when it holds nearly
    all the likelihood (2012-04-19 for a day read 49 three times): shown, still flagged."""
    for f in findings:
        ranked = f.evidence.get("candidates") if f.code == "ambiguous" else None
        if isinstance(ranked, list) and ranked and float(ranked[0][1]) >= _DOMINANT:
            return str(ranked[0][0])
    return None


_DOMINANT = 0.9
