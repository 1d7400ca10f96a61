"""Remarks (备注) of any layout → (date, text) entries, as read.

An entry's date may stand above its text, below it, or on the same line before or after it;
its text may wrap over several lines. Dates anchor the entries; the text lines between two
dates are cut where the white space is widest (within an entry lines sit closer than between
entries), and a date printed on the same line as text opens (date first) or closes (date last)
its entry.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from scanning._datescan import DateRead, Found
from scanning._layout import SEAL_WORDS, Row, gap, line_height, rows
from scanning._ocr import Box, Line
from scanning._remark_cn import find as dates_in
from scanning._remark_cn import is_broken
from scanning._remark_numbered import bare, lead, opens

_TITLE = re.compile(r"^\s*备\s*注\s*(?:栏|事\s*项|记\s*录)?\s*[:：]?\s*")
# Page furniture; also half the 备注 heading alone (a seal over 注 leaves 备): no entry's row
# is one of the heading's characters and nothing else.
_FURNITURE = re.compile(r"^[\s\d\-—第页（）()盖章:：]*$|^[（(]?\s*盖\s*章\s*[)）]?$|^\s*[备注]\s*$")
_SIGNER = re.compile(r"^[\u4e00-\u9fff]{2,}(?:局|厅|委员会|人民政府)\s*(?:[（(]?盖章[)）]?)?$")
# Seal remnants the red filter left: the star, and specks read as symbols.
_SEAL_MARKS = re.compile("[☆★✩✪✫✬✭✮✯✰⭐*＊•·]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# An ID number wrapped onto a line of its own (身份证号码更正为 / 1101…): remark text, not
# a security pattern's digits; it is kept (and the entry flagged for its digits).
_ID = re.compile(r"\d{17}[\dXx]|\d{15}")
# A seal's centre line cut short by the detector (教师资格认定专 for …认定专用章): no remark ends
# on 专 after the word that names what the seal is for (nor on 审批专册量: 用章 misread).
_SEAL_CUT = re.compile("(?:认定|审批)专(?:用章?|..?)?$")
# The same centre line glued by the detector onto the end of the remark line it touches
# (原证书损坏，予以换发教师资格认定专).
# (…予以补发行政审批专册量: 用章 misread; no remark word runs 认定专 / 审批专.) The line is then
# marked as ending in a seal, so the entry is flagged for a look either way.
_GLUED = re.compile("(?:教师资格|行政)?(?:认定|审批)专(?:用章?|..?)?$")

_EDGE = " ，,：:；;、"  # what joins a date to its text; a sentence's 。 stays
_CN_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！"})


def chinese_punctuation(text: str) -> str:
    """Recognisers emit ASCII punctuation; Chinese text uses the full-width forms. Straight
    double quotes in pairs open and close (姓名由"张三"变更为"张四" → “张三” … “张四”); an odd
    one is left as read (and the text is flagged)."""
    text = text.translate(_CN_PUNCT)
    if text.count('"') % 2:
        return text
    parts = text.split('"')
    return "".join(p + ("“" if k % 2 == 0 else "”") for k, p in enumerate(parts[:-1])) + parts[-1]


@dataclass(frozen=True)
class Cell:
    """One row of the remarks: its geometry, its entry date (if it carries one) and the date's
    place (``only``, ``first`` or ``last``), and its text without that date."""

    row: Row
    date: Found | None
    where: str
    text: str
    numbered: bool = False  # opens with an enumerator (2、…): an entry begins here


def _printed(lines: list[Line]) -> list[Line]:
    """Boxes that carry print: seal stars and specks removed, symbol-only boxes dropped."""
    out = []
    for ln in lines:
        text = _SEAL_MARKS.sub("", ln.text).strip()
        text = text if _seal_text(text) else _GLUED.sub("", text).strip()
        # Print in a remark is Chinese or a date; Latin-only reads are a security pattern.
        if _CJK.search(text) or dates_in(text) or _ID.fullmatch(text):
            out.append(Line(text, ln.score, ln.box, ln.alternatives if text == ln.text else ()))
    return out


def _in_margin(lines: list[Line]) -> tuple[list[Line], set[Box]]:
    """Drop what a seal left that reads as text: its centre phrase (…专用章) and the odd
    character of its ring, a short box standing right of where the remark lines start. Also
    returns the boxes of lines a seal split (a piece just after a line's end may be its ring)."""
    lines = [ln for ln in lines if not _arc(ln, lines)]
    body = [ln for ln in lines if len(_CJK.findall(ln.text)) >= 4 and not dates_in(ln.text)]
    if not body:
        return [ln for ln in lines if not _seal_text(ln.text)], set()
    margin = min(ln.box[0] for ln in body)
    indent = 2 * statistics.median(ln.height for ln in body)

    def plain(ln: Line) -> bool:
        return (
            bool(dates_in(ln.text))
            or len(_CJK.findall(ln.text)) > 4
            or (ln.box[0] <= margin + indent or is_title(ln.text))
        )

    # A piece of one or two characters is as likely the seal's ring (教育, 省): it is not
    # joined, but the line it touches is marked like a joined one.
    touching = [ln for ln in lines if not plain(ln) and _goes_on(body, ln)]
    carried = [ln for ln in touching if len(_CJK.findall(ln.text)) >= 3]
    keep = [ln for ln in lines if not _seal_text(ln.text) and (plain(ln) or ln in carried)]
    return keep, {b.box for b in body for ln in touching if _goes_on([b], ln)} | {
        ln.box for ln in carried
    }


def _arc(ln: Line, lines: list[Line]) -> bool:
    """A box of one to three characters far taller than the page's lines of writing and
    standing in from where they start: a piece of a seal's ring lettering read along its arc
    (环翠 above the line it crosses), no text. The rest of a wrapped line starts at the margin."""
    written = [o for o in lines if dates_in(o.text) or len(_CJK.findall(o.text)) >= 4]
    short = len(_CJK.findall(ln.text)) <= 3 and not dates_in(ln.text) and not is_title(ln.text)
    if not written or not short:
        return False
    height = statistics.median(o.height for o in written)
    indented = ln.box[0] > min(o.box[0] for o in written) + 2 * height
    return indented and ln.height >= 1.8 * height


def _seal_text(text: str) -> bool:
    """A box holding a seal's words (…专用章, or its centre line cut short and alone in its
    box: 教师资格认定专; a longer box is a remark line the cut line was glued onto)."""
    cut = _SEAL_CUT.search(text.strip()) and len(_CJK.findall(text)) <= len("教师资格认定专用章")
    return bool(SEAL_WORDS.search(text) or cut)


def _goes_on(body: list[Line], ln: Line) -> bool:
    """A box that carries on a line of text: level with it and starting just after its end
    (a seal's ring split the printed line in two for the detector)."""
    for b in body:
        shared = min(b.box[3], ln.box[3]) - max(b.box[1], ln.box[1])
        level = shared >= 0.5 * min(b.height, ln.height)
        if b is not ln and level and 0 <= ln.box[0] - b.box[2] <= 1.5 * b.height:
            return True
    return False


def is_title(text: str) -> bool:
    """A line that is the 备注 heading and nothing else."""
    return bool(_TITLE.match(text)) and not _TITLE.sub("", text).strip()


def _below_title(rs: list[Row]) -> list[Row]:
    """Rows under the 备注 title (what stands above it is a running head or noise)."""
    title = next((r for r in rs if _TITLE.match(r.text) and not _TITLE.sub("", r.text)), None)
    if title is None:
        return rs[1:] if rs and _misread_title(rs) else rs
    return [r for r in rs if r is title or r.top >= title.bottom - 0.5 * (title.bottom - title.top)]


# The heading with one character misread (番注 for 备注, 备汪栏): 备注 or 备注栏, one character off.
_NEAR_TITLE = re.compile(r"^(?:\S注栏?|备\S栏?|备注\S)$")


def _misread_title(rs: list[Row]) -> bool:
    """Whether the page's first row is its 备注 heading with one character misread: a box of
    two or three characters, no date, one character off 备注 / 备注栏, standing apart above
    the next row (a heading is set off from what it heads; a wrapped line is not)."""
    first = "".join(rs[0].text.split())
    apart = len(rs) < 2 or gap(rs[0], rs[1]) >= rs[0].bottom - rs[0].top
    return bool(_NEAR_TITLE.match(first)) and not dates_in(first) and apart


def _unsigned(row: Row) -> Row | None:
    """The row without office names beside the text (a seal's ring read through the red
    filter, or the office signing the entry): such a name is remark text only when it opens
    a line that goes on."""
    keep = [
        ln for k, ln in enumerate(row.lines)
        if not _SIGNER.match(ln.text.strip()) or (k == 0 and len(row.lines) > 1)
    ]  # fmt: skip
    return Row(tuple(keep)) if keep else None


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
        if before.endswith(_OPEN) and after in _CLOSE:  # 予以补发（2024年5月20日）
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
            options.append(Cell(row, f, "first", rest))
    if not options:
        k = opens(text)
        return Cell(row, None, "", text[k:].strip(), k > 0)
    boxed = {ln.text.strip(_EDGE) for ln in row.lines}
    return min(options, key=lambda c: (_before(c, earliest), _inline(c, text, boxed)))


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


@dataclass
class Remark:
    """One entry as read: its date (None when no date was found for it), its text, and
    whether a line of its text ends under a seal (characters there may be lost)."""

    cells: list[Cell]
    under_seal: bool = False
    seal_ends: set[Box] = field(default_factory=set)  # line boxes whose right end is in a seal
    split: bool = False  # a line of it was split by a seal (its rest carried over)

    @property
    def date(self) -> DateRead | None:
        """The entry's date as read."""
        return next((c.date.read for c in self.cells if c.date), None)

    @property
    def text(self) -> str | None:
        """The entry's text, wrapped lines joined."""
        joined = "".join(re.sub(r"\s+", "", c.text) for c in self.cells)
        return chinese_punctuation(joined).strip(_EDGE) or None

    @property
    def score(self) -> float:
        """Weakest recogniser score of the entry's rows."""
        return min(c.row.score for c in self.cells)

    @property
    def lines(self) -> list[Line]:
        """The OCR lines the entry was read from."""
        return [ln for c in self.cells for ln in c.row.lines]


def _anchors(cells: list[Cell], earliest: str | None) -> list[int]:
    """Rows whose date is an entry's date. A date before ``earliest`` (the issue date) cannot
    be one, nor a date inside a line of text next to a line that is only a date: those are
    part of the text (出生日期由1985年3月12日更正为…) — unless it closes its line in a box of
    its own after words that do not lead into a date (证书遗失，予以补发 | 2019-05-10 above a
    date-only row: the page mixes a date after one entry with a date above the next)."""
    dated = [
        i for i, c in enumerate(cells)
        if c.date and not (earliest and c.date.read.value and c.date.read.value < earliest)
    ]  # fmt: skip
    only = {i for i in dated if cells[i].where == "only"}
    return [i for i in dated if i in only or not ({i - 1, i + 1} & only) or _set_apart(cells[i])]


# Words after which a date belongs to the sentence (更正为…, 于…, 由…至…).
_LEADS = tuple("于为由自至到在是的及和与从")


def _set_apart(c: Cell) -> bool:
    """A date closing its row in a box of its own, after words that do not lead into it."""
    if c.date is None or c.where != "last" or c.text.rstrip(_EDGE).endswith(_LEADS):
        return False
    text = _TITLE.sub("", c.row.text)
    return not _inline(c, text, {ln.text.strip(_EDGE) for ln in c.row.lines})


def _cut(cells: list[Cell], a: int, b: int) -> int:
    """Index of the first row of the entry anchored at ``b``, for anchors ``a`` < ``b``."""
    if cells[b].where == "first":
        return b
    if cells[a].where == "last":
        return a + 1
    gaps = [gap(cells[i - 1].row, cells[i].row) for i in range(a + 1, b + 1)]
    widest = max(gaps)
    # Equal gaps: the page's convention decides (text before its date when the page ends
    # with a date line, else date first).
    ties = [a + 1 + k for k, g in enumerate(gaps) if g >= 0.9 * widest]
    return ties[0] if cells[-1].where in ("only", "last") else ties[-1]


def _split(cells: list[Cell], anchors: list[int]) -> list[list[Cell]]:
    starts = [0] + [_cut(cells, a, b) for a, b in zip(anchors, anchors[1:], strict=False)]
    ends = starts[1:] + [len(cells)]
    return [cells[s:e] for s, e in zip(starts, ends, strict=True)]


def _at_numbers(group: list[Cell]) -> list[list[Cell]]:
    """A group cut where a row opens with an entry's number (its date lost or elsewhere)."""
    cuts = [0] + [i for i, c in enumerate(group) if i and c.numbered] + [len(group)]
    return [group[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _orphans(group: list[Cell], limit: float) -> list[list[Cell]]:
    """A group's text rows far from its date (a date missed by the recogniser) apart."""
    dated = [i for i, c in enumerate(group) if c.date]
    if not dated:
        return [group]
    first, last = dated[0], dated[-1]
    out: list[list[Cell]] = []
    lo = first
    while lo > 0 and gap(group[lo - 1].row, group[lo].row) <= limit:
        lo -= 1
    hi = last
    while hi + 1 < len(group) and gap(group[hi].row, group[hi + 1].row) <= limit:
        hi += 1
    if lo > 0:
        out.append(group[:lo])
    out.append(group[lo : hi + 1])
    if hi + 1 < len(group):
        out.append(group[hi + 1 :])
    return out


def _cells(lines: list[Line], earliest: str | None = None) -> tuple[list[Cell], set[Box]]:
    """The rows under the heading that may belong to an entry, and the boxes a seal split."""
    printed, carried = _in_margin(_printed(lines))
    kept = [r for r in map(_unsigned, _below_title(rows(printed))) if r]
    # A line a seal's centre line was glued onto ends in that seal, like one a seal split.
    glued = {ln.box for ln in lines if not _seal_text(ln.text) and _GLUED.search(ln.text.strip())}
    cells = [c for r in kept if (c := _cell(r, earliest)) is not None]
    return _rejoined(cells), carried | glued


# A date wrapped over two rows (…予以补发（2024年05月20 / 日）, …（2024年 / 05月20日）,
# …补发（ / 2024年05月20日）): the first row ends in an opening bracket or in date material,
# the next holds the rest of the date and nothing else (its closing bracket at most).
# In Chinese numerals (…补发（二〇二五年八月十 / 八日）) the first row holds the bracket or the 年.
_CN = "〇○零Oo0一二三四五六七八九十"
_DATE_START = re.compile(
    rf"(?:[（(]|\d[\d年月.\-/]*|[（(][{_CN}][{_CN}年月]*|[{_CN}]{{3,4}}年[{_CN}月]*)\s*$"
)
_DATE_REST = re.compile(rf"^[\d{_CN}年月日号.\-/\s]*[\d日号]\s*[）)]?$")
_OPEN, _CLOSE = ("（", "("), ("）", ")")


def _rejoined(cells: list[Cell]) -> list[Cell]:
    """Cells with a date wrapped over two rows made one, the date the entry's: neither the
    date's pieces nor the brackets around it are left in the entry's text."""
    out: list[Cell] = []
    for c in cells:
        joined = _wrapped(out[-1], c) if out else None
        if joined is None:
            out.append(c)
        else:
            out[-1] = joined
    return out


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
    return [c for c in _cells(lines)[0] if c.date or len(_CJK.findall(c.text)) >= 3]


def entries(lines: list[Line], earliest: str | None = None) -> list[Remark]:
    """The remarks on one page, top to bottom; ``earliest`` is the issue date, if known."""
    cells, carried = _cells(lines, earliest)
    if not cells:
        return []
    anchors = _anchors(cells, earliest)
    cells = [c if i in anchors or c.date is None else _as_text(c) for i, c in enumerate(cells)]
    seals = [ln.box for ln in _printed(lines) if _seal_text(ln.text)]
    if not anchors:
        return [_sealed(Remark(part), seals, carried) for part in _at_numbers(cells)]
    groups = [part for g in _split(cells, anchors) for part in _at_numbers(g)]
    limit = _limit(groups)
    return [_sealed(Remark(part), seals, carried) for g in groups for part in _orphans(g, limit)]


def _sealed(r: Remark, seals: list[Box], carried: set[Box]) -> Remark:
    """Mark an entry a line of whose text ends inside a seal, or was split by one (``carried``
    boxes). The seal is placed from its readable centre phrase (…专用章), which spans about two
    thirds of its width below the star; ink under a seal can be lost with the seal and leave a
    shorter, plausible text."""
    r.split = r.under_seal = any(ln.box in carried for ln in r.lines)
    for x0, y0, x1, y1 in seals:
        radius = 0.8 * (x1 - x0)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 - 0.3 * radius
        for c in r.cells:
            right = max((ln for ln in c.row.lines), key=lambda ln: ln.box[2]).box
            inside_x = cx - radius <= right[2] <= cx + radius
            inside_y = right[1] <= cy + radius and right[3] >= cy - radius
            if c.text and inside_x and inside_y:
                r.under_seal = True
                r.seal_ends.add(right)
    return r


def _limit(groups: list[list[Cell]]) -> float:
    """Widest white space allowed inside one entry: well above the usual line spacing, and
    well below the space between two dated entries."""
    # Each entry's closest pair of rows shows its line spacing (an orphan is far by nature).
    closest = [min(gap(g[i - 1].row, g[i].row) for i in range(1, len(g)))
               for g in groups if len(g) > 1]  # fmt: skip
    height = line_height([c.row for g in groups for c in g])
    typical = statistics.median(closest) if closest else height
    limit = max(2.5 * height, 2.0 * typical)
    between = [gap(a[-1].row, b[0].row) for a, b in zip(groups, groups[1:], strict=False)]
    return max(min([limit, *(0.7 * g for g in between)]), 1.5 * typical)
