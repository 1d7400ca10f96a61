"""Remark rows as cells: each row's entry date (if it carries one), the date's place in the
row (alone, opening or closing it) and its text; a date wrapped over two rows made one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.rules import COLON_MARKS, HAN, PAUSE_MARKS
from scanning._datescan import SEPARATORS, Found
from scanning._layout import Row, gap, rows
from scanning._ocr import Box, Line
from scanning._remark_cn import find as dates_in
from scanning._remark_cn import is_broken
from scanning._remark_numbered import bare, lead, opens
from scanning._remark_print import (
    _FURNITURE,
    _GLUED,
    _ID,
    _SIGNER,
    _TITLE,
    _below_title,
    _in_margin,
    _printed,
    _seal_text,
    _unsigned,
)
from scanning._remark_remnant import as_date, lost_dates

_EDGE = " " + PAUSE_MARKS + COLON_MARKS  # what joins a date to its text; a sentence's 。 stays


@dataclass(frozen=True)
class Cell:
    """One row of the remarks: its geometry, its entry date (if it carries one) and the date's
    place (``only``, ``first`` or ``last``), and its text without that date."""

    row: Row
    date: Found | None
    where: str
    text: str
    numbered: bool = False  # opens with an enumerator (2、…): an entry begins here


def _cell(row: Row, earliest: str | None = None) -> Cell | None:
    """The row as a cell: its date where one stands alone, opens or closes it. A row that both
    opens and closes with a date (2020.03.23 出生日期更正为1970年6月30日) takes the one that
    can be an entry's date (not before ``earliest``, the issue date) and, of two that can, the
    one standing in a box of its own; the other is text."""
    text = _TITLE.sub("", row.text)
    found = dates_in(text)
    numbered = dates_in(text[k:]) if (k := bare(text)) else []
    if numbered and not numbered[0].start and numbered[0].read.value:  # 1．2021年… read 12021年…
        text, found = text[k:], numbered  # the entry's number, its mark lost
    # A page number; never a date alone on its row (2021-07-29 is digits and dashes too).
    furniture = _FURNITURE.match(text) and not _ID.fullmatch(text.strip()) and not found
    if furniture or _SIGNER.match(text.strip()):
        return None
    options: list[Cell] = []
    for f, where in ((found[-1], "last"), (found[0], "first")) if found else ():
        # An entry's number before its date (1．2019年3月5日，…) is no part of the entry.
        head = "" if lead(text[: f.start]) else text[: f.start].rstrip(_EDGE)
        before, after = head.lstrip(_EDGE), text[f.end :].strip(_EDGE)
        rest = text[f.end :].lstrip(_EDGE)
        # 予以补发（2024年5月20日）, or its closing bracket lost at the row's end
        # (…（2024年5月20日): a bracket left alone is the date's, no word of the text
        if before.endswith(_OPEN) and after in (*_CLOSE, ""):
            head, after = head[:-1].rstrip(_EDGE), ""
            before = head.lstrip(_EDGE)
        elif before in _OPEN and after[:1] in _CLOSE:  # （2024年5月20日）证书遗失
            before, rest = "", rest[1:].lstrip(_EDGE)
        if not before and not after:
            return Cell(row, f, "only", "")
        if where == "last" and not after:
            k = opens(head)  # 1、证书遗失，予以补发 2019-05-10
            options.append(Cell(row, f, "last", head[k:], k > 0))
        if where == "first" and not before:
            # a speck after a date alone on its row (a seal's stroke read as 3) is no text:
            # the date stands alone, and its readings settle its own digits
            options.append(
                Cell(row, f, "first", rest) if not _speck(rest) else Cell(row, f, "only", "")
            )
    if not options:
        k = opens(text)
        return Cell(row, None, "", text[k:].strip(), k > 0)
    boxed = {ln.text.strip(_EDGE) for ln in row.lines}
    return min(options, key=lambda c: (_before(c, earliest), _inline(c, text, boxed)))


SPECK = 2  # characters at most of a date's row's rest that hold no word


def _speck(rest: str) -> bool:
    """Whether what follows a date on its row is a speck, not an entry's text: no Chinese
    character and no more than ``SPECK`` characters (an entry's text is words)."""
    bare = rest.strip()
    return 0 < len(bare) <= SPECK and not HAN.search(bare)


def _before(c: Cell, earliest: str | None) -> bool:
    value = c.date.read.value if c.date else None
    return bool(earliest and value and value < earliest)


def _inline(c: Cell, text: str, boxed: set[str]) -> bool:
    """Whether the cell's date is read inside a line of text rather than as a box of its own
    (the date column of a table, a date set apart before or after its entry)."""
    return c.date is None or text[c.date.start : c.date.end].strip(_EDGE) not in boxed


def _as_text(c: Cell) -> Cell:
    """A row whose date is not an entry date: all of it is text."""
    return Cell(c.row, None, "", _TITLE.sub("", c.row.text).strip())


def _cells(lines: list[Line], earliest: str | None = None) -> tuple[list[Cell], set[Box]]:
    """The rows under the heading that may belong to an entry, and the boxes a seal split."""
    printed = _printed(lines)
    # The rest of a date wrapped onto a row of its own (…（2022.0 / 8.03）) holds no word and
    # no whole date, so it is no print of its own; it is kept only to be joined to its date.
    seen = {ln.box for ln in printed}
    tails = {ln.box for ln in lines if ln.box not in seen and _TAIL.match(ln.text.strip())}
    # What a seal left of a date set apart (二〇) is no seal lettering: it ends an entry.
    lost = lost_dates(printed)
    ordered = sorted([*printed, *(ln for ln in lines if ln.box in tails)],
                     key=lambda ln: (ln.box[1], ln.box[0]))  # fmt: skip
    printed, carried = _in_margin(ordered)
    printed = [ln for ln in ordered if ln in printed or ln.box in lost]
    kept = [r for r in map(_unsigned, _below_title(_headed(rows(printed)))) if r]
    # A line a seal's centre line was glued onto ends in that seal, like one a seal split.
    glued = {ln.box for ln in lines if not _seal_text(ln.text) and _GLUED.search(ln.text.strip())}
    made = (_tail(r, tails) or _lost(r, lost) or _cell(r, earliest) for r in kept)
    cells = [c for c in made if c is not None]
    joined = [c for c in _rejoined(cells) if not _only_tails(c, tails)]
    return joined, carried | glued


def _tail(row: Row, tails: set[Box]) -> Cell | None:
    """A row holding only the rest of a wrapped date, as a text cell ``_rejoined`` may join."""
    return Cell(row, None, "", row.text.strip()) if _only_tails(row, tails) else None


def _lost(row: Row, lost: set[Box]) -> Cell | None:
    """A row holding only what a seal left of a date, as that entry's unreadable date."""
    found = as_date(row, lost)
    return Cell(row, found, "only", "") if found else None


def _only_tails(c: Cell | Row, tails: set[Box]) -> bool:
    row = c.row if isinstance(c, Cell) else c
    return all(ln.box in tails for ln in row.lines)


# The first row of a page glued to the heading at its end (show-through or a running head read
# on the heading's line: 宝吝资币烊备注) is the heading: no remark's text ends in the word 备注.
# A heading is letter-spaced (备　　注): show-through read in its gap (册备琪宝注) is no word.
_HEADING_END = re.compile(r"备\s*(?:\S\s*){0,3}?注\s*(?:栏|事\s*项|记\s*录)?\s*[:：]?\s*$")


def _headed(rs: list[Row]) -> list[Row]:
    """``rs`` with a first row that ends in the 备注 heading (no date, set apart from the next
    row, no heading read on its own) taken for the heading: the rows below it are kept."""
    if not rs or any(_TITLE.match(r.text) and not _TITLE.sub("", r.text).strip() for r in rs):
        return rs
    first = rs[0].text
    apart = len(rs) < 2 or gap(rs[0], rs[1]) >= rs[0].bottom - rs[0].top
    if _HEADING_END.search(first) and not dates_in(first) and (apart or _opens_entry(rs[1])):
        return rs[1:]
    return rs


def _opens_entry(row: Row) -> bool:
    """Whether ``row`` opens with a date and goes on with words: an entry whole on its row,
    so the row above ending in 备注 heads it and is no wrapped text of it. A seal over the
    heading (its ring read as 宗县备注) makes the heading's box tall and the gap below it
    look narrow; the entry's date still says where the entries begin."""
    text = row.text.strip()
    found = dates_in(text)
    if not found or found[0].start != 0 or not found[0].read.value:
        return False
    return len(HAN.findall(text[found[0].end :])) >= 3


# A date wrapped over two rows (…予以补发（2024年05月20 / 日）, …（2024年 / 05月20日）,
# …补发（ / 2024年05月20日）): the first row ends in an opening bracket or in date material,
# the next holds the rest of the date and nothing else (its closing bracket at most).
# In Chinese numerals (…补发（二〇二五年八月十 / 八日）) the first row holds the bracket or the 年.
_CN = "〇○零Oo0一二三四五六七八九十"
# A hand or a dim view makes a date's dot a comma (3,30）): the date reader's own separators.
_SEP = re.escape(SEPARATORS)
_DATE_START = re.compile(
    rf"(?:[（(]|\d[\d年月{_SEP}]*|[（(][{_CN}][{_CN}年月]*|[{_CN}]{{3,4}}年[{_CN}月]*)\s*$"
)
_DATE_REST = re.compile(rf"^[\d{_CN}年月日号{_SEP}\s]*[\d日号]\s*[）)]?$")
# The rest of a date wrapped onto its own row that holds no word, only digits (8.03）, 19）).
_TAIL = re.compile(rf"^[\d{_SEP}\s]*\d\s*[）)]?$")
_OPEN, _CLOSE = ("（", "("), ("）", ")")


def _rejoined(cells: list[Cell]) -> list[Cell]:
    """Cells with a date wrapped over two rows made one, the date the entry's: neither the
    date's pieces nor the brackets around it are left in the entry's text."""
    out: list[Cell] = []
    for c in cells:
        joined = _wrapped(out[-1], c) if out else None
        if joined is None:
            out.append(_as_text(c) if out and _goes_on(out[-1], c) else c)
        else:
            out[-1] = joined
    return out


# Words after which a date belongs to the sentence (更正为…, 于…, 由…至…), and the digits of a
# date the row's end cut off after such a word (…更正为2 / 000年3月1日，特此说明).
LEADS = "于为由自至到在是的及和与从"
_LEAD_DIGITS = re.compile(rf"[{LEADS}]\s*(\d{{1,3}})\s*$")


def _goes_on(prev: Cell, c: Cell) -> bool:
    """Whether ``c`` opens with the rest of a date that ``prev``'s row began inside a sentence
    (after 为, 于…): a line wraps anywhere, a number's digits included, so the date is the
    text's, not an entry's, when the digits left at the row's end make it whole."""
    m = _LEAD_DIGITS.search(_TITLE.sub("", prev.row.text))
    if m is None or c.date is None or c.where != "first" or c.date.start:
        return False
    found = dates_in(m.group(1) + _TITLE.sub("", c.row.text).lstrip())
    return bool(found) and found[0].start == 0 and found[0].read.value is not None


def _wrapped(prev: Cell, c: Cell) -> Cell | None:
    """``prev`` and ``c`` as one cell when ``c`` holds the rest of a date ``prev`` began."""
    head, rest = _TITLE.sub("", prev.row.text).rstrip(), c.row.text.strip()
    if prev.where not in ("", "last") or not _DATE_REST.match(rest) or not _DATE_START.search(head):
        return None
    if not head.endswith(_OPEN) and any(f.read.value for f in dates_in(rest)):
        return None  # a date of its own on the next row: the usual date-below layout
    text = head + rest
    found = dates_in(text)
    f = found[-1] if found else None
    # Pieces that make no date stay text (flagged); a Chinese-numeral date whose year lost a
    # character is still the entry's date, unreadable.
    if f is None or not (f.read.value or is_broken(f)) or f.end <= len(head):
        return None
    before, after = text[: f.start].rstrip(_EDGE), text[f.end :].strip(_EDGE)
    if before.endswith(_OPEN) and after in _CLOSE:
        before, after = before[:-1].rstrip(_EDGE), ""
    if after or not before.strip(_EDGE):
        return None
    return Cell(Row(prev.row.lines + c.row.lines), f, "last", before)


def written(lines: list[Line]) -> list[Cell]:
    """The rows under the heading that carry writing: a date, or three Chinese characters
    (one or two are as likely what a seal's ring left)."""
    return [c for c in _cells(lines)[0] if c.date or len(HAN.findall(c.text)) >= 3]
