"""Dates and validity periods as a recogniser returns them from stickers and remarks.

Every printed form (2016.09.01, 2016-09-01, 2016/9/1, 2016年9月1日, 二〇一六年九月一日,
20160901) is found inside running text, with stray spaces and punctuation. A letter in a digit
position (2O16, 2016.O9.0l) is corrected only when one reading makes a real date; the rules of
the calendar decide, never a guess. The calendar itself stays in ``core.rules.parse_cn_date``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from core.errors import InvalidInput
from core.rules import normalize_digits, one_slip, parse_cn_date

# Digits and the letters a recogniser reads for them (only letters, so that a real digit is
# never second-guessed here; a wrong real digit is caught by the period rule instead).
_LETTER_DIGITS: dict[str, str] = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1",
    "Z": "2", "z": "2", "S": "58", "s": "5", "B": "8", "b": "6", "g": "9", "A": "4",
}  # fmt: skip
_D = "[0-9" + re.escape("".join(_LETTER_DIGITS)) + "]"
_CN_NUM = "[〇○零O一二三四五六七八九十廿卅]"
# A separator may come back as a stray letter or mark (2025.03m17): one such character between
# two digit groups of the right lengths can only be a separator.
_ODD_SEP = "".join(
    c for c in "acdefhjkmnpqrtuvwxyCEFGHJKLMNPRTUVWXY:;_'`" if c not in _LETTER_DIGITS
)
#: The marks printed or written between a date's numbers (2023.05.19, 2023-05-19, 2023/5/19,
#: 2023。05。19), with the comma and pause mark a hand or a dim view makes of one (2013，09.08).
SEPARATORS = ".-/。·．,，、"
_SEP_CLASS = re.escape(SEPARATORS) + _ODD_SEP
_SEP = rf"\s*[{_SEP_CLASS}]\s*"
# 日 misread as a look-alike (曰 目 F): accepted only after a complete 年…月…day.
_DAY_MARK = "[日号曰目F]"
_FORMS = (
    rf"(?<![0-9]){_D}{{4}}\s*年\s*{_D}{{1,2}}\s*月\s*{_D}{{1,2}}(?:\s*{_DAY_MARK})?",
    rf"{_CN_NUM}{{4}}年{_CN_NUM}{{1,3}}月{_CN_NUM}{{1,3}}[日号]",
    rf"(?<![0-9]){_D}{{4}}{_SEP}{_D}{{1,2}}{_SEP}{_D}{{1,2}}(?![0-9])",
    # One separator lost: 2024.1223, 202412.23 (the four or six digits leave one reading).
    rf"(?<![0-9])(?:19|20)[0-9]{{2}}{_SEP}[0-9]{{4}}(?![0-9])",
    rf"(?<![0-9])(?:19|20)[0-9]{{4}}{_SEP}[0-9]{{2}}(?![0-9])",
    r"(?<![0-9])(?:19|20)[0-9]{6}(?![0-9])",
    # A year that lost a digit under a seal (223年12月03日): a date, but no real one (``suggest``).
    rf"(?<![0-9])[0-9]{{3}}\s*年\s*{_D}{{1,2}}\s*月\s*{_D}{{1,2}}\s*{_DAY_MARK}",
)
DATE = re.compile("|".join(f"(?:{f})" for f in _FORMS))
# What stands between the two ends of a period (a dash may come back as 一 or _).
CONNECTOR = re.compile(r"^\s*(?:起)?\s*(?:至|到|—+|–|-+|－|~|～|〜|一|_|－)\s*$")
LEADING_CONNECTOR = re.compile(r"^\s*(?:至|到|—+|–|-+|－|~|～|〜|_)\s*")
TRAILING_CONNECTOR = re.compile(r"\s*(?:起)?\s*(?:至|到|—+|–|-+|－|~|～|〜|_)\s*$")
_UNIT_SEP = re.compile(rf"[{_SEP_CLASS}]")
# Years a date in a booklet can carry (a remark may quote a birth date).
EARLIEST, LATEST = 1900, 2099


@dataclass(frozen=True)
class DateRead:
    """One date as read: the ISO value (None when unreadable or ambiguous), why not, and
    whether letters were read as digits to get it."""

    text: str
    value: str | None
    problem: str | None = None  # "date_format" or "date_ambiguous"
    corrected: bool = False


def _canonical(text: str) -> str:
    """Half-width, no spaces, one separator character, the day mark dropped."""
    t = re.sub(r"\s+", "", normalize_digits(text))
    t = re.sub(f"{_DAY_MARK}$", "", t) if "年" in t else t
    t = _UNIT_SEP.sub(".", t)
    lost = re.fullmatch(r"([0-9]{4})\.?([0-9]{2})\.?([0-9]{2})", t)
    return ".".join(lost.groups()) if lost and t.count(".") == 1 else t


def _plausible(text: str) -> date | None:
    try:
        d = parse_cn_date(text)
    except InvalidInput:
        return None
    return d if EARLIEST <= d.year <= LATEST else None


def read_date(text: str) -> DateRead:
    """The one date ``text`` can mean, or why there is none."""
    t = _canonical(text)
    if re.search("[〇○零一二三四五六七八九十]", t):
        d = _plausible(t)
        return DateRead(text, d.isoformat() if d else None, None if d else "date_format")
    slots = [_LETTER_DIGITS.get(ch, ch) for ch in t]
    candidates = {
        d for combo in itertools.product(*slots) if (d := _plausible("".join(combo))) is not None
    }
    if len(candidates) == 1:
        looks_alike = re.search("[曰目F]$", text.strip()) is not None and "年" in text
        bare = re.sub(r"\s+", "", normalize_digits(text))
        odd = "年" not in t and (
            any(ch in _ODD_SEP for ch in bare) or len(_UNIT_SEP.findall(bare)) == 1
        )
        corrected = looks_alike or odd or any(ch in _LETTER_DIGITS for ch in t)
        return DateRead(text, candidates.pop().isoformat(), None, corrected)
    return DateRead(text, None, "date_ambiguous" if candidates else "date_format")


def lost_separator(text: str) -> bool:
    """A date read with one of its two separators lost (2019.1221): the digits may be whole
    (2019-12-21) or a separator was misread as a digit (2019.12.01 under a seal)."""
    bare = re.sub(r"\s+", "", normalize_digits(text))
    return "年" not in bare and len(_UNIT_SEP.findall(bare)) == 1


@dataclass(frozen=True)
class Found:
    """A date found inside a longer text, with its span."""

    start: int
    end: int
    read: DateRead


def find_dates(text: str) -> list[Found]:
    """Every date inside ``text``, left to right."""
    return [Found(m.start(), m.end(), read_date(m.group(0))) for m in DATE.finditer(text)]


def strip_dates(text: str) -> str:
    """``text`` with its dates removed."""
    return DATE.sub(" ", text)


# Shape-alike digits (one stroke apart), for the period rule: a real digit misread as another.
# 3↔5 (2029.08.51 for 08.31 on a phone photo): simulated over every one-digit slip of 5-year
# periods starting 1995–2030, it completes 410 more ends and never a wrong one.
DIGIT_SLIPS: dict[str, str] = {
    "0": "689", "1": "7", "2": "7", "3": "58", "4": "9", "5": "368", "6": "0589",
    "7": "12", "8": "03569", "9": "0468",
}  # fmt: skip



def date_digits(text: str) -> str:
    """The digits of a read, letters read as digits taken as their first reading."""
    return "".join(
        _LETTER_DIGITS.get(ch, ch)[0]
        for ch in normalize_digits(text)
        if ch.isdigit() or ch in _LETTER_DIGITS
    )


def fits(iso: str, raw: str) -> bool:
    """True when unreadable ``raw`` is the date ``iso`` with at most one digit lost
    (021年08月31日 for 2021-08-31) or one digit read as a shape-alike (2026.08.81 for
    2026-08-31), in padded or unpadded form."""
    d = date.fromisoformat(iso)
    if (parts := marked_parts(raw)) is not None:
        return parts_off(d, parts, _one_alike) <= 1
    got = date_digits(raw)
    for form in (f"{d.year}{d.month:02d}{d.day:02d}", f"{d.year}{d.month}{d.day}"):
        if got == form or one_lost(got, form):
            return True
        if len(got) == len(form) and _one_alike(form, got):
            return True
    return False


def marked_parts(raw: str) -> tuple[str, str, str] | None:
    """The year, month and day digits of a reading that prints 年 and 月 (2026年月21日 →
    2026, '', 21), each possibly empty; None for other forms."""
    t = re.sub(r"\s+", "", normalize_digits(raw))
    hit = re.search(rf"({_D}*)年({_D}*)月({_D}*)", t)
    if hit is None:
        return None
    y, m, d = (date_digits(g) for g in hit.groups())
    return y, m, d


def parts_off(d: date, parts: tuple[str, str, str], slip: Callable[[str, str], bool]) -> int:
    """How many digits the marked parts of a reading are off the date's year, month and day:
    a part lost or short of one digit counts one, a part with one digit changed counts one when
    ``slip`` allows it (a shape-alike, or any digit for a reading that is no real date); a part
    further off counts more than the one any completion may assume. A read day is the day:
    2026年月21日 is not the 1st, however the digits align."""
    off = 0
    for got, want in zip(parts, (d.year, d.month, d.day), strict=True):
        forms = {str(want), f"{want:02d}"}
        if got in forms:
            continue
        lost = any(one_lost(got, f) for f in forms)
        changed = any(one_slip(f, got) and slip(f, got) for f in forms)
        off += 1 if lost or changed else 2
    return off


def one_lost(got: str, form: str) -> bool:
    """``got`` is ``form`` with exactly one of its digits lost (021 of 2021, 3 of 31)."""
    return any(got == form[:i] + form[i + 1 :] for i in range(len(form)))


def _one_alike(want: str, got: str) -> bool:
    """Exactly one digit differs, and it is a shape-alike of the wanted one (3 read as 8)."""
    slips = [(a, b) for a, b in zip(want, got, strict=True) if a != b]
    return len(slips) == 1 and slips[0][1] in DIGIT_SLIPS.get(slips[0][0], "")


def suggest(text: str) -> str | None:
    """For a read that is no real date (2021年19月31日, 223年12月03日), the one real date a
    single shape-alike digit or a year's lost digit away, to show a person; never taken
    without review."""
    t = _canonical(text)
    tries = [t[:i] + alt + t[i + 1 :] for i, ch in enumerate(t) for alt in DIGIT_SLIPS.get(ch, "")]
    if re.match(r"^\d{3}\D", t):  # a year that lost a digit (under a seal): 223年 for 2023年
        tries += [t[:i] + d + t[i:] for i in range(4) for d in "0123456789"]
    found = {d.isoformat() for x in tries if (d := _plausible(x)) is not None}
    return found.pop() if len(found) == 1 else None


def date_variants(text: str, at: list[int]) -> tuple[str, ...] | None:
    """``text`` with any digit at the doubtful places ``at`` that still reads as a real date
    (``text`` itself first); None when a place lies outside a date or holds no digit. A year
    digit is mostly proved by the calendar alone (2023: only 0 makes 2?23 a year ≤ 2099)."""
    spans = [(f.start, f.end) for f in find_dates(text) if f.read.value]
    inside = all(text[k].isdigit() and any(a <= k < b for a, b in spans) for k in at)
    if not at or not inside or len(at) > 2:
        return None
    out = [text]
    for digits in itertools.product("0123456789", repeat=len(at)):
        chars = list(text)
        for k, d in zip(at, digits, strict=True):
            chars[k] = d
        t = "".join(chars)
        if any((f.start, f.end) in spans and f.read.value for f in find_dates(t)):
            out.append(t)
    return tuple(dict.fromkeys(out))


def separator_readings(text: str) -> tuple[str, ...]:
    """Every real date a read with one separator lost (2019.1221) can be: the digits whole
    (2019-12-21), a separator misread as a digit (2019-1-21, 2019-12-1), or a separator and a
    day's first digit merged into one (2019-12-01 … 2019-12-31 for 2019.12.?1)."""
    bare = re.sub(r"\s+", "", normalize_digits(text))
    m = re.fullmatch(r"((?:19|20)\d\d)[^\d](\d{4})|((?:19|20)\d\d)(\d\d)[^\d](\d\d)", bare)
    if not m:
        return ()
    if m[1]:
        year, g = m[1], m[2]
        forms = [(g[:2], g[2:]), (g[0], g[2:]), (g[:2], g[3])]
        forms += [(g[:2], t + g[3]) for t in "0123"]
    else:
        year, g, day = m[3], m[4], m[5]
        forms = [(g, day), (g[0], day), (g[1], day)] + [(t + g[1], day) for t in "01"]
    out = []
    for month, day in forms:
        try:
            d = date(int(year), int(month), int(day))
        except ValueError:
            continue
        if EARLIEST <= d.year <= LATEST:
            out.append(d.isoformat())
    return tuple(sorted(set(out)))
