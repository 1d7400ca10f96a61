"""Registration stickers (定期注册) of any design → what each sticker says, as read.

A sticker holds a conclusion, a validity period (for 注册合格 only), an authority and a decision
date, with or without labels ("注册结论：注册合格" or just "合格"), a period on one line or two
("有效期：2016.09.01" / "至2021.08.31"). Lines are grouped into stickers by geometry (columns,
rows, white space) and by content: a sticker never holds two conclusions, two periods, two
authorities or two decision dates, so two stickers never merge.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.rules import HAN_RANGE
from scanning import _sticker_dates
from scanning._datescan import DateRead, find_dates, lost_separator
from scanning._layout import SEAL_WORDS, Row, columns, gap, line_height, rows, shared, union
from scanning._ocr import Box, Line
from scanning._period_rule import period_end
from scanning._sticker_conclusion import CONCLUSION, near_conclusion
from scanning._sticker_period import period_unchecked
from scanning._sticker_rows import REG_LABELS, Piece, row_pieces

__all__ = [
    "CONCLUSION", "REG_LABELS", "Piece", "Sticker", "group", "near_conclusion", "period_unchecked",
    "row_pieces",
]  # fmt: skip

# What a seal adds after a date: its centre phrase, nothing but characters (教师资格认定专用章).
_SEAL_TAIL = re.compile(rf"\s*[{HAN_RANGE}]{{1,10}}\s*")


@dataclass
class Sticker:
    """What one sticker says, as read (texts and dates, not yet checked)."""

    rows: list[Row] = field(default_factory=list)
    conclusion: Piece | None = None
    start: DateRead | None = None
    end: DateRead | None = None
    nil: bool = False
    authority: Piece | None = None
    date: DateRead | None = None
    bare: list[DateRead] = field(default_factory=list)  # once settled: dates no field took
    extra: list[Piece] = field(default_factory=list)  # a second value where one belongs

    @property
    def has_validity(self) -> bool:
        """A period (or the dash of an empty period box) was seen."""
        return self.nil or self.start is not None or self.end is not None

    @property
    def empty(self) -> bool:
        """Nothing but page furniture."""
        return not (
            self.conclusion or self.has_validity or self.authority or self.date or self.bare
        )

    @property
    def score(self) -> float:
        """Weakest recogniser score of the sticker's rows."""
        return min((r.score for r in self.rows), default=0.0)

    @property
    def lines(self) -> list[Line]:
        """The OCR lines the sticker was read from."""
        return [ln for r in self.rows for ln in r.lines]


def _conflicts(s: Sticker, p: Piece) -> bool:
    """True when ``p`` cannot belong to sticker ``s`` (the slot is taken)."""
    if p.kind == "conclusion":
        return s.conclusion is not None
    if p.kind == "start" and s.start is None and not s.nil and s.end is not None:
        return False  # 自… read below its 至… row (a tilted sticker): the rule checks the pair
    if p.kind in ("range", "start", "nil"):
        return s.has_validity
    if p.kind == "end":
        return s.end is not None or s.nil
    if p.kind == "authority":
        return s.authority is not None
    if p.kind == "date":
        return s.date is not None
    if p.kind == "bare":
        if _ends_period(s, p):
            return False  # the end of a period split over two lines
        # Without a period, up to three: a period without connector and the decision date.
        return s.date is not None or len(s.bare) >= (1 if s.has_validity else 3)
    return False


def _ends_period(s: Sticker, p: Piece) -> bool:
    """A lone date after a start without its end is that end, unless it falls on or before the
    start: a period ends after it begins, so such a date (the decision date printed right of the
    conclusion, level with the start's row on a tilted sticker) is something else."""
    if p.kind != "bare" or s.start is None or s.end is not None:
        return False
    first, last = s.start.value, p.dates[0].value
    return not (first and last and last <= first)


def _add(s: Sticker, p: Piece) -> None:
    if p.kind == "conclusion":
        s.conclusion = p
    elif p.kind == "range":
        s.start, s.end = p.dates
    elif p.kind == "start":
        s.start = p.dates[0]
    elif p.kind == "nil":
        s.nil = True
    elif p.kind == "end" or (p.kind == "bare" and _ends_period(s, p)):
        s.end = p.dates[0]
    elif p.kind == "authority":
        s.authority = p
    elif p.kind == "date":
        s.date = p.dates[0]
        s.bare += p.dates[1:]
    elif p.kind == "bare":
        s.bare.append(p.dates[0])


def _settle_bare(s: Sticker) -> None:
    """Unlabelled dates: two that span exactly one period are the period; one more is the
    decision date."""
    if not s.has_validity and len(s.bare) >= 2:
        a, b = s.bare[0], s.bare[1]
        if a.value and b.value and period_end(a.value) == b.value:
            s.start, s.end, s.bare = a, b, s.bare[2:]
    if _split_start(s):
        s.start = s.bare.pop(0)
    if s.date is None and s.bare:
        s.date = s.bare.pop(0)
    if s.date is not None and s.date.value and lost_separator(s.date.text):
        # no rule checks a decision date's digits (a period's ends check each other): one
        # read with a lost separator (2019.1221 for 2019.12.01 under a seal) is not guessed
        s.date = DateRead(s.date.text, None, "date_ambiguous")


def _split_start(s: Sticker) -> bool:
    """A lone unlabelled date above a period's end (2017.09.22 / 至2022.09.21) that begins
    exactly the five years ending there: the period's first line, not a decision date (a
    stamp's period split over two lines prints no decision date at all; a labelled 注册时间 is
    the decision date, so the lone date beside it is the start: 自2025年9月1日 read apart from
    its 有效期 row on a tilted sticker)."""
    lone = len(s.bare) == 1 and s.start is None and s.end is not None
    first = s.bare[0].value if lone else None
    return bool(first and s.end and s.end.value and period_end(first) == s.end.value)


def _gap_limit(rs: list[Row]) -> float:
    """White space above which two rows belong to different stickers."""
    gaps = [gap(a, b) for a, b in zip(rs, rs[1:], strict=False)]
    typical = statistics.median(gaps) if gaps else 0.0
    return max(2.0 * line_height(rs), 2.0 * typical)


def _has_content(lines: list[Line]) -> bool:
    text = " ".join(ln.text for ln in lines)
    return bool(find_dates(text) or CONCLUSION.search(text))


def group(lines: list[Line], boxes: Sequence[Box] = ()) -> list[Sticker]:
    """The stickers on one registration page, column by column, top to bottom (``boxes``:
    the page's printed boxes, when found)."""
    out: list[Sticker] = []
    lines = _once([_unringed(_unsealed(ln)) for ln in lines])
    content = [ln for ln in lines if row_pieces(ln.text) and not SEAL_WORDS.search(ln.text)]
    content += _label_values(lines, content)
    tall = _bridges(content)
    for col in columns([ln for ln in content if ln not in tall], _has_content):
        out += _walk(rows(col))
    # a column of lone dates (date stamps, dates written under a seal) is the entries' dates
    out = _sticker_dates.attach(_seal_names([s for s in out if not s.empty]), row_pieces, boxes)
    return _beside(out, tall)


def _bridges(lines: list[Line]) -> list[Line]:
    """Lines of words alone (no date, no conclusion) standing level with two rows of print
    that stand apart: a seal's ring lettering read as one tall line (上海市浦市区局 over a
    form's first rows). Taken as a row it joined the rows beside it into one (注册结论 有效期限
    注册合格 2017.01.01-2021.12.31 …) and the conclusion was lost."""

    def level(a: Line, b: Line) -> bool:
        return min(a.box[3], b.box[3]) - max(a.box[1], b.box[1]) > 0.3 * min(a.height, b.height)

    out = []
    for ln in lines:
        if _has_content([ln]):
            continue
        beside = [o for o in lines if o is not ln and o.height < ln.height and level(ln, o)]
        if any(not level(a, b) for a in beside for b in beside):
            out.append(ln)
    return out


def _beside(stickers: list[Sticker], tall: list[Line]) -> list[Sticker]:
    """``stickers`` with each line of ``tall`` (``_bridges``) as a row of its own of the
    sticker it stands level with most, after every row it bridged: it names nothing, but its
    score still counts (a seal over the print may have garbled what the print says)."""
    for ln in tall:
        shared_height = [_level_with(s, ln.box) for s in stickers]
        if shared_height and max(shared_height) > 0:
            best = stickers[shared_height.index(max(shared_height))]
            best.rows.append(Row((ln,)))
    return stickers


def _level_with(s: Sticker, box: Box) -> int:
    """How many pixels of height the sticker's rows share with ``box``."""
    if not s.rows:
        return 0
    mine = union([r.box for r in s.rows])
    return min(mine[3], box[3]) - max(mine[1], box[1])


# A label's value begins within this many character heights right of the label.
_VALUE_GAP = 2.0
_WORDS = re.compile(rf"^[{HAN_RANGE}]{{2,}}$")


def _label_values(lines: list[Line], content: list[Line]) -> list[Line]:
    """Lines of words no piece reads (湖南省教育力: its 厅 misread) that stand level with a
    label left without its value (注册机关) and begin right after it: that label's value, read
    as the label says (and checked as such), not dropped as saying nothing."""
    labels = [ln for ln in content if [p.kind for p in row_pieces(ln.text)] == ["label"]]
    out = []
    for ln in lines:
        if ln in content or not _WORDS.match(re.sub(r"\s+", "", ln.text)):
            continue
        if any(_right_of(lab, ln) for lab in labels) and not SEAL_WORDS.search(ln.text):
            out.append(ln)
    return out


def _right_of(label: Line, ln: Line) -> bool:
    """``ln`` stands level with ``label`` (half the lower's height shared) and begins right
    of it, within ``_VALUE_GAP`` character heights."""
    level = min(label.box[3], ln.box[3]) - max(label.box[1], ln.box[1])
    near = 0 <= ln.box[0] - label.box[2] <= _VALUE_GAP * label.height
    return near and level >= 0.5 * min(label.height, ln.height)


def _once(lines: list[Line]) -> list[Line]:
    """``lines`` without a second box the detector gave for the same print (the same text on
    nearly the same place): read twice, it made a second sticker of the same entry."""
    out: list[Line] = []
    for ln in lines:
        text = re.sub(r"\s+", "", ln.text)
        if not any(re.sub(r"\s+", "", o.text) == text and _covers(o.box, ln.box) for o in out):
            out.append(ln)
    return out


def _covers(a: Box, b: Box) -> bool:
    """The two boxes share most (80 %) of the smaller one."""
    return shared(a, b) >= 0.8


def _unsealed(ln: Line) -> Line:
    """A line the recogniser ran on into a seal's centre phrase (至2021年08月31日资格认定专用章):
    the print up to its last date, without the seal's words (else the whole line, the period
    end with it, went as seal text). The period rule still checks the date."""
    found = find_dates(ln.text)
    tail = ln.text[found[-1].end :] if found else ""
    if not (SEAL_WORDS.search(tail) and _SEAL_TAIL.fullmatch(tail)):
        return ln
    return Line(ln.text[: found[-1].end], ln.score, ln.box)


def _seal_names(stickers: list[Sticker]) -> list[Sticker]:
    """A "sticker" that is only an office name is a seal's ring read as text: it goes with the
    sticker before it, as something a person should look at, not as an entry."""
    out: list[Sticker] = []
    for s in stickers:
        alone = s.authority and not (s.conclusion or s.has_validity or s.date or s.bare)
        if alone and out and s.authority:
            if out[-1].authority is None or s.authority.text != out[-1].authority.text:
                out[-1].extra.append(s.authority)
            out[-1].rows += s.rows
            continue
        out.append(s)
    return out


def _walk(rs: list[Row]) -> list[Sticker]:
    limit = _gap_limit(rs)
    out = [Sticker()]
    pending: str | None = None
    for i, row in enumerate(rs):
        if i and gap(rs[i - 1], row) > limit and not out[-1].empty:
            out.append(Sticker())
        pieces = row_pieces(row.text, i, pending)
        pending = None
        for p in pieces:
            if p.kind == "label":
                pending = p.text
                continue
            if _conflicts(out[-1], p):
                out.append(Sticker())
            _add(out[-1], p)
        if not out[-1].rows or out[-1].rows[-1] is not row:
            out[-1].rows.append(row)
    for s in out:
        _settle_bare(s)
    return out


# A "1" before a year (12020.10.09): a date stamp's ring, or a box's edge, run into the year's
# first digit and read as one. Only a year of this century or the last follows it.
_EDGE = re.compile(r"^\s*1(?=(?:19|20)\d\d)")


def _unringed(ln: Line) -> Line:
    """A line that reads as a date only without its first "1" (12020.10.09): without it. The
    five digits are no year and the four after the 1 are one, so the 1 is no digit of the
    date (a misread digit would leave four, not five); the date is still checked as any
    other (the decision date against the period, the period's ends against each other)."""
    found = find_dates(ln.text)
    if _EDGE.match(ln.text) is None or found and found[0].start == 0:
        return ln
    rest = _EDGE.sub("", ln.text, count=1)
    lead = find_dates(rest)
    if not lead or lead[0].start != 0 or lead[0].read.value is None:
        return ln
    if rest[: lead[0].end].strip().isdigit():
        return ln  # 120201009: a number (a serial), not a stroke before a date
    return Line(rest, ln.score, ln.box)
