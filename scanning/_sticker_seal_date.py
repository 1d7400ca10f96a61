"""A decision date under a seal that a view with the seal pushed back reads with one digit more,
or one digit other: the first reading may have lost or misread that digit.

A seal's lettering over a date hides strokes: on a greyscale scan its grey ink stays over the
print, and on a colour scan dropping the red ink takes the strokes beneath with it. A digit can
vanish or change and leave another real date (2024年2月26日 read 2024年2月2日: the 6 under 育;
2018年8月29日 read 2018年8月20日, 2021.09.06 read 2021.09.08 under a red seal). Both readings of
the page see the same damage, so their agreeing proves little, and the decision date has no
rule of its own (it only falls before the period, which both dates do). ``_seal_proof`` flags
such a date where the characters' places leave room for a lost digit; where they do not tell,
the views that push the seal back (``_seal_reread``: the darkest ink only, the print's own
line) still may: a view that reads a real date whose digits are the first reading's with one
digit added or one changed saw that digit otherwise. That is doubt, and a person looks; a read
of no real date, or of a date further off (another line), says nothing here. Nor does a read
the registration rules rule out where they allow the first reading (``_decision_date.fits``):
a decision that could not grant the entry's period, or that stands before the entry above's
decision or after the one below's (2024年3月25日 under a seal re-read 2021年3月25日, for a period
from 2024-09-01 in the entry below a decision of 2023-05-21) is no date the page can hold. The
other way round, where the rules rule the first reading out (a 注册合格 dated 2011.10.27 for a
period from 2014-11-02: no decision grants a period three years ahead) and allow the one date
the view reads (201410.27), the entry shows the view's date, still flagged: the seal changed a
digit the rules say was another.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.rules import Finding, one_slip
from scanning._datescan import date_digits, find_dates, one_lost
from scanning._decision_date import Around, fits
from scanning._ocr import Image
from scanning._seal_reread import reads
from scanning._seal_shape import Ring
from scanning._sticker_views import date_row
from scanning._stickers import Sticker

__all__ = ["APART", "FIT", "digit_more", "lost_digit", "settled_date"]


def digit_more(first: str, value: str, texts: Sequence[str]) -> str | None:
    """The first of ``texts`` that holds one real date other than ``value`` whose digits are
    those of ``first`` (the date as first read) with one digit added or one digit changed;
    None when none does."""
    digits = date_digits(first)
    for text in texts:
        dates = [f for f in find_dates(text) if f.read.value]
        if len(dates) != 1 or dates[0].read.value == value:
            continue
        got = date_digits(text[dates[0].start : dates[0].end])
        if one_lost(digits, got) or one_slip(digits, got):
            return text
    return None


def lost_digit(
    s: Sticker, i: int, rings: Sequence[Ring], image: Image, found: Sequence[Finding],
    rules: tuple[Around, str] | None = None,
) -> list[Finding]:
    """A warning on entry ``i``'s decision date when a seal crosses its row and a view with
    the seal pushed back reads it with a digit more (see the module); none when the date is
    flagged already, no seal crosses it, or the registration rules (``rules``: the decisions
    read above and below, and today) allow the first reading and rule the view's out."""
    field = f"registrations[{i}].date"
    row = date_row(s)
    if s.date is None or not s.date.value or row is None or not rings:
        return []
    if any(f.field == field and f.blocking and f.code != APART for f in found):
        return []  # flagged already (the rules' own doubt is what the view may settle)
    if not any(r.crosses(row.box) for r in rings):
        return []
    seen = digit_more(s.date.text, s.date.value, [t for _, t in reads(image, row.box)])
    if seen is None:
        return []
    fit = None
    if rules is not None:
        first_fits, fitting, other = _judged(s, s.date.value, seen, *rules)
        if first_fits and other and not fitting:
            return []  # the rules allow the first reading and rule the view's out
        fit = fitting[0] if not first_fits and len(fitting) == 1 else None
    if fit is not None:
        msg = (f"印章压住注册日期“{s.date.text}”，该读法不合注册规则（有效期起始、前后条目日期）；"
               f"压低印章后重读为“{seen}”，差一位数字，合乎规则，暂取 {fit}，请核对原件")
        return [Finding("text_under_seal", field, msg, "warning", {"reread": seen, FIT: fit})]
    msg = (f"印章压住注册日期“{s.date.text}”，压低印章后重读为“{seen}”，与之差一位数字，"
           "日期数字可能缺失或误读，请核对原件")
    return [Finding("text_under_seal", field, msg, "warning", {"reread": seen})]


APART = "registration_period"  # the rules' finding on a decision that cannot grant its period
FIT = "fits"  # evidence key: the view's date the rules allow where they rule the first out


def settled_date(found: Sequence[Finding], field: str) -> tuple[str | None, list[Finding]]:
    """The decision date a seal-pushed-back view gave where the rules ruled the first reading
    out (``lost_digit``), which the entry shows, flagged, and the findings without the rules'
    doubt of the first reading (the view's finding names it); (None, ``found``) otherwise."""
    for f in found:
        if f.field == field and f.code == "text_under_seal" and f.evidence and FIT in f.evidence:
            kept = [g for g in found if not (g.field == field and g.code == APART)]
            return str(f.evidence[FIT]), kept
    return None, list(found)


def _judged(
    s: Sticker, value: str, seen: str, around: Around, today: str
) -> tuple[bool, list[str], list[str]]:
    """The registration rules on the first reading ``value`` and the view's ``seen``: whether
    they allow the first, which of the dates ``seen`` holds they allow, and those dates. Where
    they rule the first out (a 注册合格 decided years before the period it grants: the seal
    changed a digit of its year) and allow one date of the view's, the print's date is that
    one, still flagged."""
    start, end = (d.value if d else None for d in (s.start, s.end))
    other = sorted({f.read.value for f in find_dates(seen) if f.read.value})
    fitting = [o for o in other if fits(o, start, end, around, today)]
    return fits(value, start, end, around, today), fitting, other
