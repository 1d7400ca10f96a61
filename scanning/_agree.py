"""Two readings of a remark or sticker entry that disagree: settled where the rules leave one.

An entry is read from the page and read again (another scale, the red channel). Where the two
decoded values differ the entry goes to review, unless the rules themselves decide: a second
reading whose value breaks a rule (no real date, no authority, not the 5-year period) is no
rival to a first that keeps every rule, and the first is taken with a ``note``. Two readings
that both keep every rule stay a warning: nothing says which is right.
"""

from __future__ import annotations

from typing import Any

from core.rules import HAN, Finding
from scanning._datescan import find_dates
from scanning._ocr import Line
from scanning._remarktext import Choice

Entry = dict[str, Any]


def disagreements(
    first: Entry, second: Entry | None, name: str, failed: frozenset[str] = frozenset()
) -> list[Finding]:
    """Fields whose second reading decodes to another value. Values are compared decoded
    (ISO dates, canonical conclusions, texts with Chinese punctuation), so two readings that
    mean the same agree however they were spelt, and a lost comma does not. A field in
    ``failed`` (the second reading's value broke a rule there: no date, no authority, not the
    5-year period) offers no rival to a first reading that kept every rule: a note."""
    if second is None:
        return [Finding("ocr_disagreement", name, "第二次识别未能读出同一条目", "warning")]
    out = []
    for key, a in first.items():
        b = second.get(key)
        if a == b:
            continue
        ev = {"first": a, "second": b}
        if key in failed and a is not None:
            msg = f"第二次识别“{b}”不符合规则，取唯一符合规则的“{a}”"
            out.append(Finding("settled_reading", f"{name}.{key}", msg, "note", ev))
        else:
            msg = f"两次识别结果不一致：“{a}” / “{b}”"
            out.append(Finding("ocr_disagreement", f"{name}.{key}", msg, "warning", ev))
    return out


# Findings that say a reading is broken but near other real values (霍出县教育局: 霍山县, 霍城县,
# 霍邱县 …; a date with two readings; a suggested date): such a reading still offers rivals.
RIVALS = frozenset({"authority_ambiguous", "date_ambiguous", "date_suggested"})


def failed_keys(found: list[Finding], name: str, first: Entry | None = None) -> frozenset[str]:
    """The entry keys (``date``, ``valid_until`` …) on which ``found`` has a blocking finding
    that leaves the reading no value of its own (not one of ``RIVALS``). A rival reading near
    several real values, one of them ``first``'s (巨野县教存局: 巨野县教体局 or 巨野县教育局,
    beside a first reading 巨野县教育局), offers no value but the first's either: no rival."""
    mine = [(f.field[len(name) + 1 :].split(".")[0], f) for f in found
            if f.field.startswith(name + ".")]  # fmt: skip
    broken = {k for k, f in mine if f.blocking and f.code not in RIVALS}
    rival = {k for k, f in mine if f.code in RIVALS}
    held = first or {}
    near = {k for k, f in mine if f.code in RIVALS and held.get(k) is not None
            and held[k] in f.evidence.get("candidates", ())}  # fmt: skip
    return frozenset((broken - rival) | near)


# -- a remark date read two ways --------------------------------------------------------------


def in_window(iso: str, window: tuple[str, str]) -> bool:
    """Whether ``iso`` lies within ``window`` (both ends included)."""
    return window[0] <= iso <= window[1]


def settle_date(
    chosen: list[tuple[Line, Choice]], window: tuple[str, str]
) -> tuple[list[tuple[Line, Choice]], list[str]]:
    """Lines whose readings held different real dates, settled where exactly one of those
    dates lies in ``window`` (the page order: after the issue date and the entry above, not
    after the entry below or today). Returns the lines and, per settled line, a note text."""
    out, notes = [], []
    for ln, c in chosen:
        if c.about != "date" or not c.doubt or len(c.options) < 2:
            out.append((ln, c))
            continue
        fits = [t for t in c.options if (d := only_date(t)) is not None and in_window(d, window)]
        if len(fits) != 1 or not all(_one_digit_apart(t, fits[0]) for t in c.options):
            out.append((ln, c))
            continue
        others = [f"“{t}”" for t in c.options if t != fits[0]]
        rest = "、".join(others[:3]) + ("等" if len(others) > 3 else "")
        notes.append(f"几次识别的日期不一致（{rest}），只有“{fits[0]}”符合备注的先后顺序"
                     f"（{window[0]} 至 {window[1]}），取之")  # fmt: skip
        out.append((Line(fits[0], ln.score, ln.box), Choice(fits[0], corrected=True)))
    return out, notes


_CN_NUMERALS = "〇一二三四五六七八九"  # a Chinese-numeral date's digits (十 is no digit)


def _one_digit_apart(a: str, b: str) -> bool:
    """Whether readings ``a`` and ``b`` are one, or differ in one digit only (an Arabic digit,
    or a Chinese numeral for another: 二〇二三年 / 二〇三三年): the page order then chooses the
    digit. Readings that differ in more (2094年3月12日 / 2024年2月2日 for 2024年3月12日) may
    both be wrong, and the one that fits the order is no proof."""
    apart = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    digits = all((x.isdigit() and y.isdigit()) or (x in _CN_NUMERALS and y in _CN_NUMERALS)
                 for x, y in apart)  # fmt: skip
    return len(a) == len(b) and len(apart) <= 1 and digits


def only_date(text: str) -> str | None:
    """The one real date ``text`` holds when it holds nothing else but marks (a date inside
    words, 出生日期更正为1988年1月22日, is the text's, which the page order does not bound)."""
    got = [f for f in find_dates(text) if f.read.value]
    if len(got) != 1 or HAN.search(text[: got[0].start] + text[got[0].end :]):
        return None
    return got[0].read.value


def windows(
    notes: list[Entry], found: list[list[Finding]], names: list[str], floor: str, today: str
) -> list[tuple[str, str] | None]:
    """Per remark of one page: the dates its own may take (``floor`` = the issue date, then
    the entry above, up to the entry below and ``today``) when its readings held different
    real dates, else None. A neighbour whose date is itself in doubt bounds nothing."""
    sure = [
        n["date"] if n.get("date") and not _blocked(f, f"{name}.date") else None
        for n, f, name in zip(notes, found, names, strict=True)
    ]
    out: list[tuple[str, str] | None] = []
    for k, (f, name) in enumerate(zip(found, names, strict=True)):
        if not any(x.code == "ocr_disagreement" and x.field == f"{name}.date" for x in f):
            out.append(None)
            continue
        lo = max([floor, *(d for d in sure[:k] if d)])
        hi = min([today, *(d for d in sure[k + 1 :] if d)])
        out.append((lo, hi) if lo <= hi else None)
    return out


def _blocked(found: list[Finding], field: str) -> bool:
    return any(f.blocking and f.field == field for f in found)
