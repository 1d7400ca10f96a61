"""A date field's own rules: the reading tidied to the date it holds, and the date a text
means, in every printed form (2015年7月1日, 2015.07.01, 2015-7-1, 20150701, 二〇一五年七月一日,
full-width digits). The calendar itself stays in ``core.rules.parse_cn_date``.

A date box catches what stands beside the date: the label's last character, a seal's
lettering (教师资格认定专用章) before or after it, dot leaders. Only what cannot be part of a
date is cut (words with no digit or numeral, before its year or after its 日 or day); a
character inside the date is left for the rules and the look-alike candidates to judge.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from core.errors import InvalidInput
from core.rules import (
    CERTIFYING_SEAL_WORDING,
    COLON_MARKS,
    COMMAS,
    LEADERS,
    QUOTES_HALF,
    parse_cn_date,
)
from scanning._date_cn import CN_DIGITS, SMALL, YEAR_DIGITS, dash_ones
from scanning._date_cn import CN_NUMERALS as CN_NUMERALS  # re-exported: one table
from scanning._datescan import separator_readings
from scanning._ocr import Reading

# Marks a seal's remnants read as inside a date: colons, commas, dots, half-width quotes and 、.
STRAY = re.compile(f"[{COLON_MARKS}{COMMAS}.·{QUOTES_HALF}、]")
# A year as a date starts: four Arabic digits of this era (then a unit or a separator), or
# four Chinese numerals then 年.
_YEAR_START = rf"(?:(?:19|20)[0-9]{{2}}\s*[年.\-/]|[{CN_NUMERALS}]{{4}}年)"
# What may stand before a date and is surely no part of it: words and marks with no digit,
# numeral or Latin letter (a letter may be a misread digit: l998年).
_HEAD = re.compile(rf"^[^0-9A-Za-z{CN_NUMERALS}]+?(?={_YEAR_START})")
# The same words before a year that lost a digit (期198-05-04 for 1998-05-04: the label's 期
# and a 9 gone on a bitonal scan); cut only where no digit the head may be a misread of makes
# the three digits a year of this era (期015年 may be 2015 with its 2 read as 期: kept).
_SHORT_HEAD = re.compile(rf"^[^0-9A-Za-z{CN_NUMERALS}]+?(?=([0-9]{{3}})\s*[年.\-/][0-9])")
_ERA = re.compile(r"(?:19|20)[0-9]{2}")
# A dotted date ends at its day's digits; a dot may be read as a comma (2019.12,16), and a
# letter after the day may be a misread digit (2019.12.1G: 16?), so such a tail is kept. The
# separator after the year may be lost under a seal (201805.03批专: the month then padded).
_DOT = r"[.\-/,，]"
_DATE_TAIL = re.compile(
    rf"^(.*[0-9{CN_NUMERALS}]\s*日|[0-9]{{4}}(?:{_DOT}[0-9]{{1,2}}|[0-9]{{2}})"
    rf"{_DOT}[0-9]{{1,2}}(?![A-Za-z]))"
    r"([^0-9]+)$"
)
# A seal's legend (教师资格认定专用章) read after a date whose 日 or last digit it blurred
# (2005年8月登l日定专用章, 2005年2月21定专用章): two or more of its characters end the reading.
_SEAL_LEGEND = re.compile(f"[{CERTIFYING_SEAL_WORDING}]{{2,}}$")
# Dot leaders a form prints between a label and its value (出生年月……1990年1月), read before
# or after the value: no number or date holds them.
_LEADERS = re.escape(LEADERS)  # for the character classes below
_LEADING = re.compile(f"^[{_LEADERS}\\s]+")
_TRAILING = re.compile(f"[{_LEADERS}\\s]+$")


def whole_date(text: str) -> bool:
    """A whole date of this era in any printed form (2015年6月2日, 2015.06.02, 二〇一五年六月二日);
    a year a written form read short (〇一〇年) is none; a written form's 一 read as a dash
    (二〇—一年) is its 一 (``dash_ones``)."""
    try:
        return 1900 <= parse_cn_date(dash_ones(text)).year <= 2099
    except InvalidInput:
        return False


def slice_reading(r: Reading, start: int, end: int) -> Reading:
    """Characters ``start:end`` of a reading, with their alternatives."""
    return Reading(r.text[start:end], r.score, r.alternatives[start:end] if r.alternatives else ())


def cut_date_tail(r: Reading) -> Reading:
    """A date box that caught a seal's lettering after 日 or the day (2024年8月20日用章,
    2020.10.07专用章, 2005年8月登l日定专用章) or words before its year (期2009年11月20日,
    the seal's 教师资格 before 二〇二四年二月十日, 期 before 198-05-04 when no digit it may be
    makes 198 a year): a written date starts with its year and ends at its 日 or day, so the
    reading is cut there (a tail holding a digit is left: 日 may be a misread digit; a head
    holding one too: 期015年 may have lost a digit to 期)."""
    head = _HEAD.match(r.text) or _short_head(r.text)
    if head:
        r = slice_reading(r, head.end(), len(r.text))
    legend = _SEAL_LEGEND.search(r.text)
    if legend and _date_before(r.text[: legend.start()]):
        r = slice_reading(r, 0, legend.start())
    m = _DATE_TAIL.match(r.text)
    if not m or "年" in m.group(1) and "月" not in m.group(1):
        return r
    return slice_reading(r, 0, len(m.group(1)))


def _date_before(text: str) -> bool:
    """What stands before a seal's legend is a date's start: year and month written with
    年 and 月, or a year its separator follows (2008.10数06: a dotted date, its dot under the
    seal) whose day ends on a digit (2019.12,1G: the letter may be a misread digit, and the
    legend's first character another)."""
    dotted = _DOTTED_START.match(text) is not None and text[-1:].isdigit()
    return "年" in text and "月" in text or dotted


_DOTTED_START = re.compile(rf"(?:19|20)[0-9]{{2}}{_DOT}[0-9]")


def _short_head(text: str) -> re.Match[str] | None:
    """The words before a three-digit year (see ``_SHORT_HEAD``) that hide no digit of it."""
    m = _SHORT_HEAD.match(text)
    if m is None or any(_ERA.fullmatch(d + m[1]) for d in "0123456789"):
        return None
    return m


def cut_leaders(r: Reading, trailing: bool = True) -> Reading:
    """A number or date reading without the dot leaders read before it (and, for a number,
    after it): ……513232196304126406 is the number 513232196304126406 read as it is."""
    head = _LEADING.match(r.text)
    tail = _TRAILING.search(r.text) if trailing else None
    start, end = head.end() if head else 0, tail.start() if tail else len(r.text)
    return slice_reading(r, start, end) if (start or end < len(r.text)) and start < end else r


def tidy_date(r: Reading) -> Reading:
    """A date reading without leaders before it and without what its box caught around it,
    its separators read as commas written as dots and a written form's dashes as 一."""
    return comma_dots(cut_date_tail(written_ones(cut_leaders(r, trailing=False))))


def written_ones(r: Reading) -> Reading:
    """A date written in Chinese numerals whose 一 was read as a dash (二〇—一年), with that
    一 in its place and as its one alternative (``dash_ones``: the stroke is all 一 is)."""
    text = dash_ones(r.text)
    if text == r.text:
        return r
    alts = list(r.alternatives)
    if len(alts) == len(text):
        for i, (old, new) in enumerate(zip(r.text, text, strict=True)):
            if old != new:
                alts[i] = ((new, max((p for _, p in alts[i]), default=1.0)),)
    return Reading(text, r.score, tuple(alts))


_COMMA_DATE = re.compile(r"[0-9]{4}[.,，][0-9]{1,2}[.,，][0-9]{1,2}")


def comma_dots(r: Reading) -> Reading:
    """A dotted date whose dots were read as commas (2019.12,16) as dots: between a year and
    a month, a month and a day, a comma can only be a separator (no digit changes)."""
    if not _COMMA_DATE.fullmatch(r.text) or not re.search("[,，]", r.text):
        return r
    at = [i for i, ch in enumerate(r.text) if ch in ",，"]
    alts = list(r.alternatives)
    for i in at if alts else []:
        alts[i] = ((".", max((p for _, p in alts[i]), default=1.0)),)
    return Reading(re.sub("[,，]", ".", r.text), r.score, tuple(alts))


def date_value(earliest: int, today: date) -> Callable[[str], str | None]:
    """The ISO date a text means, when it is a real date from ``earliest`` to ``today``."""

    def value(t: str) -> str | None:
        t = STRAY.sub("", t) if "年" in t else t
        try:
            d = parse_cn_date(t)
        except InvalidInput:
            lost = _one_separator_lost(t)
            if lost is None:
                return None
            d = lost
        return d.isoformat() if earliest <= d.year and d <= today else None

    return value


def _one_separator_lost(t: str) -> date | None:
    """The date a reading with one separator lost means (201405-13: 2014, 05, 13), when it
    can mean only one: a separator misread as a digit or merged with one may make the same
    digits another date (201411-13 may be 2014-1-13), and then it means none."""
    found = separator_readings(t)
    return date.fromisoformat(found[0]) if len(found) == 1 else None


# A year that lost one to three characters, then month and day written out whole with their
# units: 二一六年十二月二十五日 for 二〇一六年…, 216年12月25日 for 2016年…, 九年七月二十二日 for
# 二〇〇九年… (a recogniser merges a numeral repeated beside itself, 〇〇 or 一一, into one, and
# a box cut short of the year's start keeps its end).
_YEAR_LOST = re.compile(rf"([0-9{CN_DIGITS}]{{1,3}})年{SMALL}月{SMALL}日")


def year_lost_span(text: str, value: str) -> tuple[int, int] | None:
    """Where a reading of the date ``value`` (ISO) writes its month and day, when its year lost
    one to three characters (二一六年 or 六年 for 二〇一六年: the rest of the year as the
    value's, in order) and month and day are written out whole as the value's; None for any
    other reading. Such a reading read the month and day the rules leave free; its year is the
    number's to check."""
    m = _YEAR_LOST.fullmatch(text)
    if m is None or len(value) != 10:
        return None
    year, read = value[:4], m[1].translate(YEAR_DIGITS)
    if not _year_part(read, year):
        return None
    try:
        d = parse_cn_date(f"{year}年{m[2]}月{m[3]}日")
    except InvalidInput:
        return None
    return (m.start(2), len(text)) if d.isoformat() == value else None


def _year_part(read: str, year: str) -> bool:
    """``read`` is ``year`` with one or more of its digits lost and none changed (in order)."""
    rest = iter(year)
    return len(read) < len(year) and all(ch in rest for ch in read)
