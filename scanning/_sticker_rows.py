"""One row of a registration sticker (定期注册) → what it says, in order: a conclusion, a
validity period or one of its ends, an authority, a decision date, a label left without its
value. Labels differ between print runs ("注册结论：注册合格" or just "合格"; 有效期 / 有效期限 /
起止日期); a period may stand on one line or two ("有效期：2016.09.01" / "至2021.08.31"). Grouping
rows into stickers is ``_stickers``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.rules import COLON_MARKS, COMMAS, HAN_RANGE
from scanning._datescan import (
    CONNECTOR,
    LEADING_CONNECTOR,
    TRAILING_CONNECTOR,
    DateRead,
    Found,
    find_dates,
)
from scanning._period_rule import period_end
from scanning._sticker_conclusion import CONCLUSION, near_at

REG_LABELS: dict[str, tuple[str, ...]] = {
    "conclusion": ("定期注册结论", "注册结论", "注册结果", "审核结论", "审核结果", "结论"),
    "valid": ("注册有效期限", "注册有效期", "有效期限", "有效日期", "有效期", "有效起止日期",
              "起止日期"),
    "authority": ("注册机关", "注册部门", "注册单位", "注册机构", "审核机关", "审核部门"),
    "date": ("注册日期", "注册时间", "审核日期", "审核时间", "日期"),
}
_LABEL = re.compile(
    "("
    + "|".join(sorted((v for vs in REG_LABELS.values() for v in vs), key=len, reverse=True))
    + r")\s*[:：.]?"
)
_KIND_OF = {v: k for k, vs in REG_LABELS.items() for v in vs}
# An office name is a whole run of characters ending in an office word (自资格专局录, a seal's
# ring misread, is none).
_AUTHORITY = re.compile(rf"[{HAN_RANGE}]{{2,}}(?:局|厅|委员会|人民政府)(?![{HAN_RANGE}])")
_NIL = re.compile(r"^[\s—\-–－_/一无]*$")
_STAMP = re.compile(r"[（(]?\s*盖\s*章\s*[)）]?")
# A seal's lettering crossing the end of an office's row (灵台县教育局章): no office name ends
# in 章, so one right after an office word is the seal's, not the name's.
_SEAL_TAIL = re.compile(r"(?<=[局厅会府])\s*章$")
# A connector between a period's ends with one stray mark beside it (the 日 before 至 misread),
# or 起 alone (2016.09.01起2021.08.31止).
_LOOSE = re.compile(r"^\s*(?:[^\d\s]?\s*(?:至|到|—+|–|-+|－|~|～|〜|_)\s*[^\d\s]?|起)\s*$")
# One character and nothing else between a labelled period's two whole dates: its 至 misread
# as another character (2019-06-06套2024-06-05 under a seal's rim); no other field of a sticker
# prints inside a labelled period, so only its connector can stand there (自 or 从 begins the
# second date's own start: 至2025年8月31日 自2020年9月1日 read out of order).
_ONE_MARK = re.compile(r"^\s*[^\d\s自从]\s*$")


def _misread_connector(between: str, a: Found, b: Found) -> bool:
    """One character stands between two real dates, the first the earlier (``_ONE_MARK``)."""
    first, last = a.read.value, b.read.value
    return bool(_ONE_MARK.match(between) and first and last and first < last)


@dataclass(frozen=True)
class Piece:
    """One thing a row says: kind, the text it was read from, its dates, its row."""

    kind: str  # conclusion, range, start, end, bare, date, authority, nil, label
    text: str
    row: int
    dates: tuple[DateRead, ...] = ()


def _segments(text: str) -> list[tuple[str | None, str]]:
    """(label kind or None, the text after it up to the next label)."""
    out: list[tuple[str | None, str]] = []
    pos, kind = 0, None
    for m in _LABEL.finditer(text):
        out.append((kind, text[pos : m.start()]))
        kind, pos = _KIND_OF[m.group(1)], m.end()
    out.append((kind, text[pos:]))
    return [(k, t) for k, t in out if k is not None or t.strip()]


# A 年…月 date whose day runs on into more digits, no 日 between (2018年08月112日1 for 12日,
# a stroke beside the day read as a digit): which two of them are the day, nothing tells.
_RUN_ON = re.compile(r"\s*\d+\s*[日号]?")


# A date whose year lost its first digit (014.03.13 for 2014.03.13: a date stamp's ring across
# it): a date, kept unreadable (``_decision_date`` may settle it by the registration rules).
CUT_YEAR = re.compile(r"(?<![0-9])[0-9]{3}([.\-/])[0-9]{1,2}\1[0-9]{1,2}(?![0-9])")


def _dates(seg: str) -> list[Found]:
    """``find_dates``, with a date whose day runs on into more digits kept as unreadable (its
    whole run as text): its day, read as the first digits, may be any two of them; and with
    a date whose year lost its first digit, unreadable."""
    out = []
    for f in find_dates(seg):
        text = seg[f.start : f.end]
        more = _RUN_ON.match(seg, f.end)
        if "年" in text and text[-1].isdigit() and more:
            f = Found(f.start, more.end(), DateRead(seg[f.start : more.end()], None, "date_format"))
        out.append(f)
    for m in CUT_YEAR.finditer(seg):
        if not any(f.start < m.end() and m.start() < f.end for f in out):
            out.append(Found(m.start(), m.end(), DateRead(m.group(0), None, "date_format")))
    return sorted(out, key=lambda f: f.start)


def _date_pieces(seg: str, row: int, labelled_valid: bool) -> list[tuple[int, Piece]]:
    """Periods and single dates in free text, with their positions."""
    found = _dates(seg)
    out: list[tuple[int, Piece]] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        twice = b is not None and a.read.value is not None and a.read.value == b.read.value
        if twice and b is not None and CONNECTOR.match(seg[a.end : b.start]):
            # One date recognised twice over itself (至2024年12月31至2024年12月31日).
            found = found[: i + 1] + found[i + 2 :]
            continue
        # Under a labelled 有效期 two dates with nothing between are its two ends: the 至
        # was lost (a seal, a faint stroke); so are two with a connector beside one stray mark
        # (01台至: the first end's 日 misread). The 5-year rule still checks the pair.
        between = seg[a.end : b.start] if b is not None else ""
        lost = labelled_valid and (
            not between.strip() or _LOOSE.match(between) is not None
            or b is not None and _misread_connector(between, a, b)
        )
        if b is not None and (lost or CONNECTOR.match(between)):
            out.append((a.start, Piece("range", seg[a.start : b.end], row, (a.read, b.read))))
            i += 2
            continue
        before = seg[: a.start]
        if LEADING_CONNECTOR.search(before) and not LEADING_CONNECTOR.sub("", before).strip():
            kind = "end"
        elif TRAILING_CONNECTOR.match(seg[a.end :]) or labelled_valid or _FROM.search(before):
            kind = "start"
        else:
            kind = "bare"
        out.append((a.start, Piece(kind, seg[a.start : a.end], row, (a.read,))))
        i += 1
    return out


# 自 (or 从) right before a date: a period's first end (自2024年9月1日 / 至2029年8月31日).
# What a label's value is cut from at its ends: spaces, a colon, a comma or a dot read for one.
_EDGE = " " + COLON_MARKS + COMMAS + "."
_FROM = re.compile(rf"(?:^|[^{HAN_RANGE}])[自从]\s*$")
# A connector and then digits: a period's second end, whether or not the digits read as a date
# (至2029年8日31日: its 月 misread).
_END_LEFT = re.compile(r"^\s*(?:至|到|—+|–|－|~|～|〜)\s*(?=\d)(?P<d>.*)$")
# Digits two dates hold at the least (2016.9.1 has six): a text with more is both ends of a
# period read as one run (201703.09202.03.08: the 至 lost, a digit dropped), never one date.
_TWO_DATES = 12


_OTHER_END = re.compile(r"^(?P<a>.*?\d.*?)?\s*(?:至|到|—+|–|-|－|~|～|〜|_)\s*(?P<b>.*\d.*)?$")
# The connector right beside the read end, the other end's remains across it: the other end's
# own hyphens (至2019-12, a long handwritten line cut short) are no connector.
_CUT_AFTER = re.compile(r"^\s*(?:至|到|—+|–|-|－|~|～|〜|_)\s*(?P<b>.*\d.*)$")
_CUT_BEFORE = re.compile(r"^(?P<a>.*\d.*?)\s*(?:至|到|—+|–|-|－|~|～|〜|_)\s*$")


def _half_read(body: str, piece: Piece, row: int) -> Piece:
    """A labelled period of which one end was read as a date: the other end, if something
    stands across a connector from it, is kept as an unreadable date (never dropped)."""
    at = body.find(piece.text)
    before, after = body[:at].strip(), body[at + len(piece.text) :].strip()
    tail = _OTHER_END.match(after) if after else None
    if tail and tail["b"] and not tail["a"] or (tail := _CUT_AFTER.match(after)):
        return Piece("range", body, row, (piece.dates[0], DateRead(tail["b"], None, "date_format")))
    head = _OTHER_END.match(before) if before else None
    if head and head["a"] and not head["b"] or (head := _CUT_BEFORE.match(before)):
        return Piece("range", body, row, (DateRead(head["a"], None, "date_format"), piece.dates[0]))
    return piece


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _word_pieces(seg: str, row: int) -> list[tuple[int, Piece]]:
    """Conclusions and authority names in free text (dates removed beforehand)."""
    out = []
    for m in CONCLUSION.finditer(seg):
        out.append((m.start(), Piece("conclusion", m.group(0), row)))
    if not out and (near := near_at(seg)) is not None:
        out.append((near[0], Piece("conclusion", seg[near[0] : near[0] + len(near[1])], row)))
    # A conclusion printed right before the name (注册合格泸定县教育局) is not part of it.
    rest = CONCLUSION.sub(_blank, _STAMP.sub(_blank, seg))
    for m in _AUTHORITY.finditer(rest):
        out.append((m.start(), Piece("authority", m.group(0), row)))
    return out


def _labelled(kind: str, seg: str, row: int) -> list[Piece]:
    body = seg.strip(_EDGE)
    if not body:
        return [Piece("label", kind, row)]
    if kind == "valid":
        if _NIL.match(body):
            return [Piece("nil", body, row)]
        got = [p for _, p in _date_pieces(body, row, labelled_valid=True)]
        if len(got) == 1 and got[0].kind == "start":
            return [_half_read(body, got[0], row)]
        if (swapped := _swapped(body, got, row)) is not None:
            return [swapped]
        return got or [_unread_period(body, row)]
    if kind == "date":
        # every date under the label is kept: one beyond the first is left over, never dropped
        dates = tuple(f.read for f in _dates(body)) or (DateRead(body, None, "date_format"),)
        return [Piece("date", body, row, dates)]
    if kind == "authority":
        name = _SEAL_TAIL.sub("", _STAMP.sub("", body).strip(_EDGE))
        return [Piece("authority", name, row)]
    return [Piece("conclusion", body, row)]


def _unread_period(body: str, row: int) -> Piece:
    """A labelled period in which no date was read: an end when it begins with a connector
    (至2029年8日31日), both ends when it holds two dates' digits (the run then cannot give a
    row below its end: 2017.02.25, a decision date, is no period's end), else its start."""
    if m := _END_LEFT.match(body):
        return Piece("end", body, row, (DateRead(m["d"], None, "date_format"),))
    if sum(ch.isdigit() for ch in body) >= _TWO_DATES:
        if (split := _run_split(body, row)) is not None:
            return split
        both = DateRead(body, None, "date_format")
        return Piece("range", body, row, (both, both))
    return Piece("start", body, row, (DateRead(body, None, "date_format"),))


def _run_split(body: str, row: int) -> Piece | None:
    """Both ends of a period read as one run, the connector lost (2016-09-012021-08.31): split
    where the two halves are whole dates making exactly one 5-year period, when only one
    place does (the decision date's rule is still checked on the entry)."""
    text = re.sub(r"\s+", "", body)
    fit = _five_years(text)
    if fit is None:
        return _connector_misread(body, text, row)
    start, end = fit
    read = (DateRead(body, start, corrected=True), DateRead(body, end, corrected=True))
    return Piece("range", body, row, read)


def _five_years(text: str) -> tuple[str, str] | None:
    """(start, end) when exactly one place splits ``text`` into two whole dates making one
    5-year period."""
    fits = set()
    for k in range(1, len(text)):
        a, b = find_dates(text[:k]), find_dates(text[k:])
        whole = len(a) == len(b) == 1 and a[0].end == k and b[0].end == len(text) - k
        if whole and a[0].start == b[0].start == 0:
            start, end = a[0].read.value, b[0].read.value
            if start and end and period_end(start) == end:
                fits.add((start, end))
    return fits.pop() if len(fits) == 1 else None


# Digits and date separators, digits at both ends: a run that may hold two dates.
_RUN_IN = re.compile(r"\d[\d.\-/]*\d")


def _run_in_words(seg: str, row: int) -> list[tuple[int, Piece]]:
    """A run of two dates' digits inside unlabelled text (有数期：2020.01.192025.01.18, its label
    misread, its 至 lost) that holds every date the text has: the period, when exactly one place
    splits it into two whole dates five years less a day apart. Both ends are read in full and
    check each other by the registration rule; a run that splits no such way makes nothing."""
    runs = [m for m in _RUN_IN.finditer(seg) if sum(ch.isdigit() for ch in m[0]) >= _TWO_DATES]
    if len(runs) != 1 or not re.search(r"[.\-/]", runs[0][0]):
        return []
    m = runs[0]
    if any(f.start < m.start() or f.end > m.end() for f in _dates(seg)):
        return []  # a date outside the run: the row says more than one period
    fit = _five_years(m[0])
    if fit is None:
        return []
    read = tuple(DateRead(m[0], v, corrected=True) for v in fit)
    return [(m.start(), Piece("range", m[0], row, read))]


# A date printed with separators (2018.09.01, 2018-9-1, 2018/09/01): its form is kept.
_SEP_DATE = re.compile(r"^\d{4}(?P<s>[.\-/])\d{1,2}(?P=s)\d{1,2}$")


def _connector_misread(body: str, text: str, row: int) -> Piece | None:
    """Both ends of a period, each whole in one separated form, with one mark between them
    that is no connector (2018.09.0172028.08.31: the dash read as 7): the two dates, as read,
    when exactly one place splits the run so. The mark is dropped, no digit of either date
    is changed; the 5-year rule and the decision date still check the pair (a pair that
    breaks the rule is settled by them or flagged)."""
    splits = []
    for k in range(1, len(text) - 1):
        a, b = _SEP_DATE.match(text[:k]), _SEP_DATE.match(text[k + 1 :])
        if a and b and a["s"] == b["s"]:
            ends = find_dates(text[:k]), find_dates(text[k + 1 :])
            if all(len(e) == 1 and e[0].read.value for e in ends):
                splits.append((ends[0][0].read, ends[1][0].read))
    if len(splits) != 1:
        return None
    start, end = splits[0]
    return Piece("range", body, row, (start, end))


def _swapped(body: str, got: list[Piece], row: int) -> Piece | None:
    """A period's two lines (自… / 至…) merged into one row out of order — a tilted sticker's
    至 line began higher than its 自 line: "至2025年8月31日 自2020年9月1日" is one period when the
    start is the earlier date (the 5-year rule still checks it), not an end and a new entry."""
    if [p.kind for p in got] != ["end", "start"]:
        return None
    end, start = got[0].dates[0], got[1].dates[0]
    if not (start.value and end.value and start.value < end.value):
        return None
    return Piece("range", body, row, (start, end))


def row_pieces(text: str, row: int = 0, pending: str | None = None) -> list[Piece]:
    """What one row says, in order; ``pending`` is a label left without a value on the row
    above, which the first unlabelled text of this row then belongs to."""
    out: list[Piece] = []
    for kind, seg in _segments(text):
        kind = kind or pending
        pending = None
        if kind is not None:
            out += _labelled(kind, seg, row)
            continue
        found = (
            _run_in_words(seg, row)
            or _start_then_unread_end(seg, _date_pieces(seg, row, False), row)
            or _unread_end(seg, row) or _digit_run(seg, row)
        )
        words = _word_pieces(_without_dates(seg), row)
        out += [p for _, p in sorted(found + words, key=lambda x: x[0])]
    return out


def _start_then_unread_end(
    seg: str, found: list[tuple[int, Piece]], row: int
) -> list[tuple[int, Piece]]:
    """One lone date followed by 至 (or a dash) and a date no form reads (2022年7月1日至2027年6日
    30日: its 月 misread): a period whose end is unreadable, as a labelled one is
    (``_half_read``), not a decision date with the end dropped. The rules then check the end."""
    if len(found) != 1 or found[0][1].kind != "bare":
        return found
    at, p = found[0]
    tail = _CUT_AFTER.match(seg[at + len(p.text) :])
    if tail is None or sum(ch.isdigit() for ch in tail["b"]) < 4:
        return found
    end = DateRead(tail["b"].strip(), None, "date_format")
    return [(at, Piece("range", seg[at:].strip(), row, (p.dates[0], end)))]


def _unread_end(seg: str, row: int) -> list[tuple[int, Piece]]:
    """至 and a date no form reads (至2029年8日31日), as the period's end, unreadable: a row
    that says so is never dropped as saying nothing."""
    m = _END_LEFT.match(seg)
    if m is None or sum(ch.isdigit() for ch in m["d"]) < 4:
        return []
    return [(m.start("d"), Piece("end", m["d"], row, (DateRead(m["d"], None, "date_format"),)))]


def _digit_run(seg: str, row: int) -> list[tuple[int, Piece]]:
    """A row of nothing but digits and date separators (one at least), holding two dates'
    digits, in which no date was read (2018.09.0172028.08.31, beside its 有效期 label in a
    column of its own): a period read as one run, split as a labelled one is (``_run_split``).
    A run without separators is a number (a sticker's serial), never a period."""
    plain = re.sub(r"\s+", "", seg)
    if not _RUN.fullmatch(plain) or sum(ch.isdigit() for ch in plain) < _TWO_DATES:
        return []
    if not re.search(r"[.\-/]", plain):
        return []
    split = _run_split(seg, row)
    return [(len(seg) - len(seg.lstrip()), split)] if split is not None else []


_RUN = re.compile(r"[\d.\-/]+")


def _without_dates(seg: str) -> str:
    """``seg`` with each date blanked out, positions kept."""
    for f in find_dates(seg):
        seg = seg[: f.start] + " " * (f.end - f.start) + seg[f.end :]
    return seg
