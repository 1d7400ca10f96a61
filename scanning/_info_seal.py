"""Information-page fields under the seal: the issuing authority completed from the seal's
lettering (``_seal_authority``), and dates under a grey seal (a greyscale scan).

A seal left grey keeps its ink as dark as the print: no view removes it, every re-read sees
the same image, and one digit under its ring can vanish leaving another real date read the
same each time (2015年10月2日 for 2015年10月21日). The decoder cannot doubt it: the issue
date's month and day have no other field to agree with. So a date field whose box a seal ring
(``_seal_shape``) crosses is flagged when one digit put into its digits under the ring gives
another real date (``_seal_proof``) — unless a cross-field rule proves it: a birth date equal
to the birth segment of an ID number read surely (not itself restored from that date), or
independent re-reads of the field with the seal pushed back that spell it alike and show no
digit lost (``_seal_reread``; a ``seal_reread`` note then says so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence

from core.rules import Finding, normalize_digits
from scanning import (
    _date_gaps,
    _date_lost_measured,
    _date_lost_placed,
    _date_measure,
    _date_ring,
    _date_width,
    _seal_authority,
    _seal_proof,
    _seal_reread,
    _seal_shape,
)
from scanning import _decide_doubt as doubts
from scanning._date_fields import DATE_FIELDS, proved_by_id
from scanning._date_repair import cert_year
from scanning._datescan import find_dates, one_lost
from scanning._decide_review import FIELD_LABELS
from scanning._fields import RawField
from scanning._layout import centred_in
from scanning._ocr import Box, Image, Line, Reading
from scanning._seal_shape import Ring
from scanning._validate import Value

_RULE = "灰度印章遮挡日期"
_DIGITS = re.compile(r"[0-9]+")
_SPACES = re.compile(r"\s+")
_DAY_SPLIT = re.compile(r"([0-9]{4})年([0-9]{1,2})月([1-9]|[12][0-9]|3[01])11")


def flag_dates(
    image: Image, lines: Sequence[Line], raw: Mapping[str, RawField],
    values: MutableMapping[str, Value], readings: Mapping[str, Sequence[Reading]] | None = None,
) -> None:
    """Add ``text_under_seal`` warnings to the date fields of one information page (its
    ``image`` and OCR ``lines``) that a grey seal may have cut short, or (given the fields'
    ``readings``) whose doubted digit a red seal's ring runs through (``_date_ring``).
    First, a flagged issuing authority is completed from the seal over it where the two
    readings prove one office (``_seal_authority.settle``), a date disputed only by a
    reading that lost a digit the print shows is settled (``_date_lost_measured``), and so is
    an issue date every read lost characters of where their places leave one date
    (``_date_lost_placed``). Last, a one-digit month or day whose print stands two digits
    wide is flagged, under a seal or not (``_date_width``)."""
    _seal_authority.settle(image, raw, values, lines)
    _date_lost_measured.settle(image, raw, values)  # a read that lost a digit the print shows
    if readings is not None:  # every read lost characters: where they stood picks the date
        _date_lost_placed.settle(image, raw, readings, values)
    if readings is not None:
        _date_ring.flag(image, raw, readings, values)
    keys = [k for k in DATE_FIELDS if k in raw and k in values and values[k].value]
    rings = _seal_shape.rings(image) if keys else []
    for key in keys if rings else []:
        if proved_by_id(key, values):
            continue
        hit = hidden(raw[key], lines, rings, values[key].value)
        if hit is None:
            continue
        value = str(values[key].value)
        mine = readings.get(key, ()) if readings is not None else ()
        year = cert_year(values) if key == "issue_date" else None
        proof = _prove(image, raw[key].box, value, mine, year) or _by_line(
            image, raw[key], lines, rings, value)
        if proof is not None:
            values[key].findings.append(proved(key, hit, proof))
        else:
            values[key].fail(finding(key, hit, raw[key], rings), 0.5)
    _date_width.flag(image, raw, values)


def _prove(
    image: Image, box: Box, value: str, readings: Sequence[Reading] = (),
    year: str | None = None,
) -> _seal_reread.Proof | None:
    """The re-reads' proof (``_seal_reread.prove``) from the field's re-reads without those
    whose year lost a digit and that read month and day as ``value``'s (205年7月4日 for
    2005-07-04, the seal's lettering maybe after its 日): such a read agrees on the part a
    lost digit would change, and the year is the other fields' rules' to check. An unpadded
    date the re-reads agree on whose characters the glyph read cannot place whole (its
    year's first digit under the ring: 005年7月4日) is measured from its 年 on
    (``_date_measure``). A crop no view can push the seal back in is proved with the
    field's ``readings`` (``_one_kind``). Reads that spell month and day as ``value`` does
    and only its year otherwise are set aside too when another field's rule proves that
    year (``year``: the certificate number's, equal to the value's; ``other_year``)."""
    proof = _seal_reread.prove(image, box, value)
    if proof is not None:
        return proof
    texts = _seal_reread.reads(image, box)
    if (proof := _one_kind(image, box, value, texts, readings)) is not None:
        return proof
    kept = [(k, t) for k, t in texts if not year_short(t, value)
            and not day_mark_split(t, value) and not other_year(t, value, year)]
    if len(kept) < len(texts):
        proof = _seal_reread.prove(image, box, value, kept)
    if proof is None and kept:
        proof = _seal_reread.agreed(kept, value, _date_measure.from_year_unit(image, box))
    return proof


def _one_kind(
    image: Image, box: Box, value: str, texts: Sequence[tuple[str, str]],
    readings: Sequence[Reading],
) -> _seal_reread.Proof | None:
    """A seal as black as the print (a bitonal scan) leaves one kind of view only: no ink
    level tells them apart, so no view pushes the seal back and every view is the same
    pixels. The field's own readings (the page's and the re-reads) then stand as the second
    kind, and the proof is what the print's places show all the same: month and day padded,
    or characters standing too close for a lost digit where one would make another date
    (``_seal_reread.agreed``; every read must spell the value alike). Only where the crop
    allowed no other kind: where it did, those views must agree. A seal's stroke over a digit
    may also change it for every view alike (1 read 7): so every digit of every reading
    must be one its engine saw with no rival digit (``_digits_sure``)."""
    if not readings or {kind for kind, _ in texts} != {"plain"} or not _digits_sure(readings):
        return None
    field = [("field", _SPACES.sub("", r.text)) for r in readings]
    return _seal_reread.prove(image, box, value, [*texts, *field])


def _digits_sure(readings: Sequence[Reading]) -> bool:
    """Some reading carries the engine's alternatives, and in every such reading each digit
    had no rival digit of ``OUTVOTED_P`` or more."""
    measured = [r for r in readings if len(r.alternatives) == len(r.text)]
    return bool(measured) and all(
        doubts.rival(r, i, doubts.digit_only) < doubts.OUTVOTED_P
        for r in measured for i, ch in enumerate(r.text) if ch.isdigit()
    )


def year_short(text: str, value: str) -> bool:
    """``text`` writes the ISO date ``value`` with one digit of its year lost (up to its 日)."""
    groups = _date_groups(text)
    y, m, d = value.split("-")
    return (
        len(groups) == 3 and len(groups[0]) == 3
        and one_lost(groups[0], y)
        and (int(groups[1]), int(groups[2])) == (int(m), int(d))
    )


def other_year(text: str, value: str, proved: str | None) -> bool:
    """``text`` writes the ISO date ``value``'s month and day (up to its 日) after another
    year (21年11月7日, 2001年11月7日 for 2004-11-07), where ``proved`` (a year another field's
    rule gives: the certificate number's) is the value's year. The seal's doubt is a digit
    lost from month or day; on those such a read agrees, and its year is the rule's, not the
    read's: a dark-ink view that lost or bent a year digit is no dissent."""
    y, m, d = value.split("-")
    if proved != y:
        return False
    groups = _date_groups(text)
    return len(groups) == 3 and groups[0] != y and (int(groups[1]), int(groups[2])) == (
        int(m), int(d))


def _date_groups(text: str) -> list[str]:
    """The digit groups of a read up to its last 日 (the label's 日期 before it holds none)."""
    plain = normalize_digits(text)
    return _DIGITS.findall(plain[: plain.rfind("日") + 1] if "日" in plain else plain)


def day_mark_split(text: str, value: str) -> bool:
    """``text`` writes the ISO date ``value`` with its 日 read as two strokes, 11, and no 日
    (2025年6月611 for 2025年6月6日: a dark-ink view keeps 日's two uprights and loses its bars).
    Such a read spells no other date, so it is set aside like a read whose year lost a digit."""
    m = _DAY_SPLIT.fullmatch(normalize_digits(text).strip())
    y, mo, d = value.split("-")
    return m is not None and (m[1], int(m[2]), m[3]) == (y, int(mo), str(int(d)))


def proved(key: str, text: str, proof: _seal_reread.Proof) -> Finding:
    """The note for a date field under a seal that independent re-reads proved."""
    name = FIELD_LABELS.get(key, key)
    how = "字符间距" if proof.measured else "月、日均为两位数字"
    msg = f"印章压住{name}“{text}”，多种视图重读一致为“{proof.text}”，且{how}表明无数字缺失"
    return Finding("seal_reread", key, msg, "note",
                   {"rule": _RULE, "read": proof.text, "views": list(proof.kinds)})


def finding(key: str, text: str, raw: RawField, rings: Sequence[Ring]) -> Finding:
    """The warning for one date field a seal covers."""
    name = FIELD_LABELS.get(key, key)
    over = [[round(r.cx), round(r.cy), round(r.r)] for r in rings if r.crosses(raw.box)]
    msg = f"印章（灰度扫描，无法滤除）压住{name}“{text}”，日期数字可能缺失，请核对原件"
    return Finding("text_under_seal", key, msg, "warning",
                   {"rule": _RULE, "read": text, "rings": over})


def hidden(
    raw: RawField, lines: Sequence[Line], rings: Sequence[Ring], value: object
) -> str | None:
    """The read text of the date in ``raw``'s box when a ring crosses it over a digit group
    that one more digit turns into another real date; None when every ring leaves it proved."""
    crossing = [r for r in rings if r.crosses(raw.box)]
    if not crossing:
        return None
    seen = False  # the value read as a whole date on the page
    for ln in _date_lines(raw, lines):
        text = ln.text.rstrip()
        seen = seen or any(f.read.value == value for f in find_dates(text))
        for ring in crossing:
            span = ring.crosses(ln.box)
            at = _seal_proof.under(text, ln, *span) if span else []
            if at and not _date_gaps.date_proved(text, at):
                return _date_text(text, value)
    return None if seen else _restored(raw.text, value)


def _by_line(
    image: Image, raw: RawField, lines: Sequence[Line], rings: Sequence[Ring], value: str
) -> _seal_reread.Proof | None:
    """The re-reads' proof from the page lines in the field's box that print the date whole,
    each cut to its own line (the field's box may take in the seal's lettering beside the
    date, a stray read that dissents): every such line a ring crosses is proved alike. Only a
    date followed on its line by more print (its 日, a label) counts: a digit lost at its end
    would stand inside the line's box; a line that ends on a digit may have lost one past it."""
    got = None
    for ln in _date_lines(raw, lines):
        text = ln.text.rstrip()
        ends = [f.end for f in find_dates(text) if f.read.value == value]
        if ln.box == raw.box or not any(r.crosses(ln.box) for r in rings):
            continue
        if len(ends) != 1 or ends[0] >= len(text) and text[ends[0] - 1].isdigit():
            return None
        got = _prove(image, ln.box, value)
        if got is None:
            return None
    return got


def _restored(read: str, value: object) -> str | None:
    """A value under a seal that no reading printed whole (restored or corrected from a read
    like 02年11月2): where the seal hid digits is unknown, so every digit of the value written
    out (2012年11月2日) counts as under it."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    y, m, d = value.split("-")
    text = f"{y}年{int(m)}月{int(d)}日"
    return None if _date_gaps.date_proved(text, list(range(len(text)))) else read or value


def _date_lines(raw: RawField, lines: Sequence[Line]) -> list[Line]:
    """The page lines in the field's box that hold a date (the label may share a line: the
    characters' places are estimated across the whole line), else the field's text over its
    box."""
    inside = [ln for ln in lines if centred_in(ln.box, raw.box) and find_dates(ln.text)]
    return inside or [Line(raw.text, raw.score, raw.box)]


def _date_text(text: str, value: object) -> str:
    """The date in ``text`` (the decided ``value``'s first), for the message."""
    found = find_dates(text)
    best = next((f for f in found if f.read.value == value), found[0] if found else None)
    return text[best.start : best.end] if best else text

