"""Dates as printed on certificates (ISO, dotted, 年月日, Chinese numerals) and date arithmetic."""

from __future__ import annotations

import calendar
import re
from datetime import date

from core.errors import InvalidInput

from ._text import squeeze

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "o": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_YEAR = r"(?P<y>[0-9]{4}|[〇○零Oo一二三四五六七八九]{4})"
_SMALL = r"[0-9]{1,2}|[一二三四五六七八九十廿卅]{1,3}"
_PATTERNS = (
    re.compile(rf"^{_YEAR}年(?P<m>{_SMALL})月(?:(?P<d>{_SMALL})[日号]?)?$"),
    re.compile(r"^(?P<y>[0-9]{4})(?P<sep>[-./])(?P<m>[0-9]{1,2})(?:(?P=sep)(?P<d>[0-9]{1,2}))?$"),
    re.compile(r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$"),
)


def _small_number(text: str) -> int:
    """1–31 written in Arabic digits or in Chinese (七, 十二, 二十一, 廿一, 三十)."""
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十").replace("卅", "三十")
    tens, ten, units = text.partition("十")
    if not ten:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return -1
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _year(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in text))


def parse_cn_date(text: str, *, field: str = "date", allow_month: bool = False) -> date:
    """Parse 2019-07-01, 2019.07.01, 2019/7/1, 20190701, 2019年7月1日 or 二〇一九年七月一日.

    A month without a day (2019年07月, 2019.07) is accepted only with ``allow_month=True``
    and then means the 1st; otherwise it is refused, never silently completed.
    """
    compact = squeeze(text) if isinstance(text, str) else ""
    match = next((m for p in _PATTERNS if (m := p.match(compact))), None)
    if match is None:
        raise InvalidInput(f"无法识别的日期：{text!r}", field=field, rule="date_format")
    if match["d"] is None and not allow_month:
        raise InvalidInput(f"日期缺少日：{text!r}（只有年月）", field=field, rule="date_format")
    year, month = _year(match["y"]), _small_number(match["m"])
    day = _small_number(match["d"]) if match["d"] is not None else 1
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"不存在的日期：{text!r}", field=field, rule="date_format") from None


def check_not_future(d: date, *, field: str, today: date) -> None:
    """Refuse a date later than ``today``."""
    if d > today:
        raise InvalidInput(
            f"日期 {d.isoformat()} 晚于今天 {today.isoformat()}", field=field, rule="date_in_future"
        )


def add_years(d: date, years: int) -> date:
    """Same month and day ``years`` later; 29 Feb becomes 28 Feb in a common year.

    This is the month-end rule of the Civil Code (民法典 art. 202): with no corresponding day
    the period ends on the last day of that month.
    """
    last_day = calendar.monthrange(d.year + years, d.month)[1]
    return d.replace(year=d.year + years, day=min(d.day, last_day))
