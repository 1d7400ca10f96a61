"""A date written in Chinese numerals (二〇一五年十二月二十七日), as a booklet prints it.

A seal's ring or a form's rule line can hide a numeral of such a date: 〇 drawn as a small
ring under a seal's ring, 一 merged with the line it sits on. The reading then lost
characters but changed none; the restorer compares it with these written forms.

The date numerals' tables live here, once, for every date reader of the package.
"""

from __future__ import annotations

from datetime import date

_NUMERALS = "〇一二三四五六七八九"  # 0–9
ZERO_FORMS = "○零"  # the zero numeral as other faces print it
# Every numeral a date written in Chinese may hold: digits (zero in each form), then the tens.
CN_DIGITS = _NUMERALS[0] + ZERO_FORMS + _NUMERALS[1:]
CN_NUMERALS = CN_DIGITS + "十廿卅"
# A month or a day: one or two digits, or up to three numerals (七, 十二, 二十七, 廿七).
SMALL = "([0-9]{1,2}|[一二三四五六七八九十廿卅]{1,3})"
# A numeral year's digits as Arabic digits.
YEAR_DIGITS = str.maketrans(CN_DIGITS, "000123456789")
# The ways a recogniser writes the zero numeral (one form is compared).
_ZEROS = str.maketrans({"○": "〇", "零": "〇", "O": "〇", "o": "〇", "0": "〇"})


def _small(n: int) -> str:
    """1–31 in Chinese numerals: 七, 十, 十二, 二十, 二十七, 三十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[units] if units else "")


def cn_form(iso: str) -> str:
    """The date ``iso`` in Chinese numerals: 2015-12-27 → 二〇一五年十二月二十七日."""
    d = date.fromisoformat(iso)
    year = "".join(_NUMERALS[int(c)] for c in str(d.year))
    return f"{year}年{_small(d.month)}月{_small(d.day)}日"


def cn_reading(text: str) -> str | None:
    """A reading written in Chinese numerals, with its zero in one form (二○一五 → 二〇一五),
    or None when it holds no numeral of a date (an Arabic-digit date is not one)."""
    t = "".join(text.split())
    if any(ch.isdigit() and ch != "0" for ch in t) or not any(ch in _NUMERALS[1:] for ch in t):
        return None
    return t.translate(_ZEROS)


# The marks a recogniser writes for 一, a lone level stroke, when it stands in a written date
# (二〇—一年, 十—月): any dash. No written date prints a dash among its numerals.
_DASHES = "—–‐‑－-_"
_BEFORE = CN_NUMERALS + "年月"
_AFTER = CN_NUMERALS + "年月日" + _DASHES


def dash_ones(text: str) -> str:
    """A date written in Chinese numerals with each dash among its numerals read as 一
    (二〇—一年四月二十六日 → 二〇一一年四月二十六日); other text unchanged. A dash counts only
    after a numeral, 年 or 月 and before a numeral, a unit or another such dash, in a reading
    holding 年 and no Arabic digit but zero: leaders before a date or after its 日 and the
    separators of an Arabic date stay what they are."""
    if "年" not in text or any(ch.isdigit() and ch != "0" for ch in text):
        return text
    out = list(text)
    for i, ch in enumerate(text[1:-1], start=1):
        if ch in _DASHES and out[i - 1] in _BEFORE and text[i + 1] in _AFTER:
            out[i] = "一"
    return "".join(out)
