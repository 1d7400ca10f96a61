"""Field extraction by label and geometry, whatever the layout of the page.

Labels are looked up in tables of known variants (never one hard-coded set) and found in the
OCR lines however they were printed or misread (``_labels``). A label's value is then found
where print runs put it: after the label on the same line, in the boxes to its right on the same
row (bordered tables included), or below it when nothing stands to its right.
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.rules import HAN_RANGE, is_han
from scanning._authority_dated import split_dated
from scanning._candidates import CONFUSIONS
from scanning._cells import Cell, page_cells
from scanning._date_widen import widen_birth
from scanning._field_bands import unread_bands
from scanning._info_labels import INFO_LABELS, RawField
from scanning._labels import NAME_SHAPE, ROW, clean, match_label, same_row
from scanning._ocr import Box, Line
from scanning._places import AUTHORITY_SUFFIXES
from scanning._sign_date import place_issue_date

__all__ = [
    "INFO_LABELS",
    "RawField",
    "clean",
    "extract",
    "info_fields",
    "match_label",
    "union",
]

_GAP = 2.0  # wider gaps (in line heights) between a value's pieces are another column
# Fewer characters than this cannot be the whole value (the shortest authority, 教育局, has
# three): a lone glyph beside or under the label is a seal's star or lettering a greyscale
# scan kept, and the value is looked for further on (or its band re-read).
_MIN_VALUE = {"issuing_authority": 3}
# Numbers are printed in digits: text with fewer digits than this beside or under a number's
# label is no part of its value but seal lettering a greyscale scan kept (拉城区 from a seal's
# 龙城区 over the number's row, which the detector lost under the seal), and the number is
# looked for further on or its band re-read. A misread number keeps most of its digits.
# A date has at least its year's four digits (二〇一五 counts: numerals written out, and so
# does a letter read for a digit, ZOl5): a lone glyph under a date's label (林, from the seal's
# 桂林市…) is seal lettering, and the date is looked for on the next row down.
MIN_DIGITS = {"certificate_number": 6, "id_number": 6, "issue_date": 4, "birth_date": 4}
_NUMBERS = frozenset({"certificate_number", "id_number"})  # printed in digits, never wrapped
_JOINED = 0.5  # the widest gap (in line heights) inside a value the detector cut in two
NUMERALS = frozenset("〇零一二三四五六七八九十") | {k for k in CONFUSIONS if not k.isdigit()}


def union(boxes: list[Box]) -> Box:
    """The smallest box holding every box."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# --- placing values: inline, to the right on the row, or below ----------------------------------


def _run(
    start: Cell, cells: list[Cell], free: set[int], first_gap: float, later: float = _GAP
) -> list[int]:
    """Free unlabelled cells right of ``start`` on its row, left to right, up to the next label
    or a gap wide enough to be another column."""
    h = start.height
    right = [
        i for i, c in enumerate(cells)
        if c is not start and same_row(start, c) and c.box[0] >= start.box[2] - 0.5 * h
    ]
    out: list[int] = []
    edge, gap = start.box[2], first_gap
    for i in sorted(right, key=lambda i: cells[i].box[0]):
        c = cells[i]
        if c.key is None and i in free and _nearer_row(c, start, cells):
            continue
        if c.key is not None or i not in free or c.box[0] - edge > gap:
            break
        if out and c.height > 1.6 * cells[out[0]].height:
            break  # a seal's lettering along its arc, not the next piece of this line
        out.append(i)
        edge, gap = max(edge, c.box[2]), later * max(h, c.height)
    return _reading_order(out, cells)


def _nearer_row(cell: Cell, start: Cell, cells: list[Cell]) -> bool:
    """Whether ``cell`` stands on the row of another label left of it, far nearer that
    label's centre than ``start``'s: a box the detector merged with a seal's lettering is
    tall enough to share two rows of a table (地理 in 任教学科's cell, level with 资格种类 by
    its height alone), and its value is the row's it is centred on."""
    own = abs(cell.cy - start.cy)
    return own > 0.5 * start.height and any(
        o.key is not None and o is not start and same_row(o, cell)
        and o.box[2] <= cell.box[0] + 0.5 * o.height and 2 * abs(cell.cy - o.cy) < own
        for o in cells
    )


def _reading_order(run: list[int], cells: list[Cell]) -> list[int]:
    """Pieces of one value in reading order: lines of a wrapped cell top to bottom (河南省郑州市
    above 教育局, both level with a label centred on them), each line left to right."""
    lines: list[list[int]] = []
    for i in sorted(run, key=lambda i: cells[i].cy):
        if lines and abs(cells[lines[-1][0]].cy - cells[i].cy) <= ROW * cells[i].height:
            lines[-1].append(i)
        else:
            lines.append([i])
    return [i for line in lines for i in sorted(line, key=lambda i: cells[i].x0)]


def _fit(cell: Cell, label: Cell) -> float:
    """How far ``cell`` sits from lying under ``label``: left-aligned or centred, as printed."""
    centre = abs((cell.box[0] + cell.box[2]) - (label.box[0] + label.box[2])) / 2
    return min(abs(cell.box[0] - label.box[0]), centre)


def _below(label: Cell, cells: list[Cell], free: set[int]) -> list[int]:
    """The nearest free unlabelled row under ``label`` that overlaps its column, when no other
    label comes first; the column ends where the next label on the label's row begins, and a
    box under two labels of the row belongs to the one it lines up with."""
    h = label.height
    row = [c for c in cells if c.key is not None and c is not label and same_row(label, c)]
    lo = max([c.box[2] for c in row if c.box[2] <= label.box[0]], default=label.box[0] - 2 * h)
    hi = min([c.box[0] for c in row if c.box[0] >= label.box[2]], default=10**9)

    def under(c: Cell) -> bool:
        return c.cy > label.cy + ROW * h and c.box[2] > lo and c.box[0] < hi

    stop = min((c.cy for c in cells if c.key is not None and under(c)), default=float("inf"))
    near = [
        i for i, c in enumerate(cells)
        if i in free and under(c) and c.cy < stop - ROW * c.height
        and c.box[1] - label.box[3] <= 3 * h
        and all(_fit(c, label) <= _fit(c, other) for other in row)
    ]
    if not near:
        return []
    while near:
        first = min(near, key=lambda i: cells[i].box[1])
        line = sorted((i for i in near if same_row(cells[first], cells[i])),
                      key=lambda i: cells[i].x0)
        run = _contiguous(min(line, key=lambda i: _fit(cells[i], label)), line, cells)
        if _long_enough(label, run, cells):
            return run
        near = [i for i in near if i not in line]
    return []


def _long_enough(label: Cell, run: list[int], cells: list[Cell]) -> bool:
    """Whether the cells of ``run`` hold enough characters to be ``label``'s whole value."""
    need = _MIN_VALUE.get(label.key or "", 1)
    text = label.text + "".join(cells[i].text for i in run)
    dated = (label.key or "").endswith("_date")
    digits = sum(ch.isdigit() or (dated and ch in NUMERALS) for ch in text)
    return len(text) - len(label.text) >= need and digits >= MIN_DIGITS.get(label.key or "", 0)


def _contiguous(anchor: int, row: list[int], cells: list[Cell]) -> list[int]:
    """The cells of ``row`` (left to right) that join ``anchor`` without a column-wide gap."""
    k = row.index(anchor)
    lo = hi = k
    while lo > 0 and _gap(cells[row[lo - 1]], cells[row[lo]]) <= 0:
        lo -= 1
    while hi + 1 < len(row) and _gap(cells[row[hi]], cells[row[hi + 1]]) <= 0:
        hi += 1
    return row[lo : hi + 1]


def _gap(left: Cell, right: Cell) -> float:
    """How much wider than a value's inner gap the space between two cells is (≤ 0: joined)."""
    return right.box[0] - left.box[2] - _GAP * max(left.height, right.height)


_CJK = re.compile(rf"^[{HAN_RANGE}]{{2,}}$")


def _wrapped(label: Cell, run: list[int], cells: list[Cell], free: set[int]) -> list[int]:
    """A value wrapped onto a second line inside its cell (恩施土家族苗族自治州 / 教育局): the
    free box just under the value, closer than printed rows ever are, on a row without labels,
    as tall as the value's print and lined up with it. Numbers and dates never wrap, and a
    seal's stray lettering (建省, 教) is no continuation of them: a number's digits fit any
    cell, so a seal's ring letter read beside it (20016560030036062 民) does not make the
    office printed under the next label its second line."""
    if label.key in _NUMBERS:
        return []
    pieces = ([label] if label.text else []) + [cells[i] for i in run]
    value, h = union([p.box for p in pieces]), pieces[-1].height
    if not pieces[-1].text or not is_han(pieces[-1].text[-1]):
        return []
    width, centre = value[2] - value[0], (value[0] + value[2]) / 2

    def lined_up(c: Cell) -> bool:
        reach = 0.6 * width if label.text else h  # under a "标签：值" line: under its value part
        return value[0] - h <= c.x0 <= value[0] + reach or abs(c.cx - centre) <= h

    under = [
        i for i in free
        if 0 <= cells[i].box[1] - value[3] + 0.2 * h <= 0.7 * h
        and 0.75 * h <= cells[i].height <= 1.33 * h and _CJK.match(cells[i].text)
        and lined_up(cells[i])
        and not any(c.key is not None and same_row(c, cells[i]) for c in cells)
    ]
    return [min(under, key=lambda i: cells[i].box[1])] if under else []


def whole_value(key: str | None, text: str) -> bool:
    """Whether ``text`` already has the shape of a whole value of field ``key`` (a name of
    two to four characters, a whole date or number, an authority ending in its office)."""
    shape = _WHOLE.get(key or "")
    return bool(shape and shape.match(text))


def _field(label: Cell, parts: list[Cell], page: int) -> RawField:
    texts = _joined_texts(([label] if label.text else []) + parts, label.key == "name")
    boxes = ([label.box] if label.text else []) + [_on_row(p, label) for p in parts]
    scores = ([label.score] if label.text else []) + [p.score for p in parts]
    return RawField("".join(texts), min(scores), union(boxes), page)


def _joined_texts(pieces: list[Cell], name: bool) -> list[str]:
    """The pieces' texts; in a name, a piece after a word-joining mark the detector cut
    the name at (热依拉· / 艾力, 热依拉 / ·艾力) starts with the mark, which a transcribed
    name keeps between its words (热依拉·艾力)."""
    out = [p.text for p in pieces]
    for k in range(1, len(pieces)) if name else ():
        a, b = pieces[k - 1], pieces[k]
        if (a.mark_after or b.mark_before) and is_han(a.text[-1:]) and is_han(b.text[:1]):
            out[k] = "·" + out[k]
    return out


def _on_row(part: Cell, label: Cell) -> Box:
    """A value box on the label's row, cut to the row's height when the detector merged it with
    a seal's star or lettering above or below (a box far taller than the label's print): the
    re-read then sees the value's line, not the seal's."""
    h = label.height
    if not same_row(label, part) or part.height <= 1.6 * h:
        return part.box
    top, bottom = int(label.cy - 0.75 * h), int(label.cy + 0.75 * h)
    return (part.box[0], max(part.box[1], top), part.box[2], min(part.box[3], bottom))


def _beside(cells: list[Cell], labels: list[int], free: set[int]) -> dict[int, list[int]]:
    """Values on the label's own row: after it on its line (with continuation boxes), else the
    boxes to its right; then a second line of either wrapped in its cell."""
    found: dict[int, list[int]] = {}
    for i in labels:
        if cells[i].text:
            found[i] = _run(cells[i], cells, free, _GAP * cells[i].height)
            key, text = cells[i].key, cells[i].text
            if whole_value(key, text) and not whole_value(
                key, text + "".join(cells[j].text for j in found[i])
            ):
                # A value read whole after its label, that what follows on its row would spoil
                # (钟红秋 + a pattern's microtext), is only continued by a piece the detector cut
                # from it, never by print a word's gap away.
                found[i] = _run(cells[i], cells, free, _JOINED * cells[i].height)
            found[i] = _office_run(cells[i], cells, free, found[i])
            free -= set(found[i])
    for i in labels:
        run = [] if i in found else _run(cells[i], cells, free, float("inf"))
        run = _office_run(cells[i], cells, free, run) if run else run
        if run and _long_enough(cells[i], run, cells):
            found[i] = run
            free -= set(run)
    for i in list(found):
        found[i] += (more := _wrapped(cells[i], found[i], cells, free))
        free -= set(more)
    return found


_SEALED_GAP = 3.5  # label heights: the widest gap a seal over an office's name leaves in it


def _office_run(label: Cell, cells: list[Cell], free: set[int], run: list[int]) -> list[int]:
    """An authority's pieces past a gap wider than words leave, when the seal stamped over
    the office's name hid the characters between (颁发机关邯郸 … 县教 … 育局 on a bitonal scan):
    taken only when the row's pieces up to that gap end in an office's word, which what
    was found before it does not (whatever else stands on the row never does)."""
    if label.key != "issuing_authority":
        return run
    text = label.text + "".join(cells[j].text for j in run)
    if whole_value(label.key, text):
        return run
    wide = _run(label, cells, free, _SEALED_GAP * label.height, _SEALED_GAP)
    joined = label.text + "".join(cells[j].text for j in wide)
    return wide if len(wide) > len(run) and joined.endswith(AUTHORITY_SUFFIXES) else run


def _place(cells: list[Cell], free: set[int]) -> dict[int, list[int]]:
    """Each label's value cells (consumed from ``free``): on its row, else the row below."""
    labels = [i for i, c in enumerate(cells) if c.key is not None]
    found = _beside(cells, labels, free)
    beside = sorted(found)
    for i in labels:
        if i not in found and (under := _below(cells[i], cells, free)):
            found[i] = under
            free -= set(under)
            found[i] += (more := _wrapped(cells[i], under, cells, free))
            free -= set(more)
    if len(found) - len(beside) >= 3 and len(found) - len(beside) > 2 * len(beside):
        # A page printing values under their labels: text glued to a label or standing right
        # of it there is a seal or pattern remnant (认定机养合利, 定专用章); the value is below.
        for i in beside:
            if under := _below(cells[i], cells, free | set(found[i])):
                free |= set(found[i])
                cells[i] = replace(cells[i], text="")
                found[i] = under
                free -= set(under)
    return found


def _fields_of(
    lines: list[Line],
    table: dict[str, tuple[str, ...]],
    page: int,
    bands: dict[str, RawField] | None = None,
) -> tuple[dict[str, RawField], list[Cell]]:
    """The fields found and the unlabelled cells no label claimed; into ``bands`` the places
    of values the detector missed (``_field_bands``)."""
    bands = {} if bands is None else bands
    cells, free = page_cells(lines, table)
    found = _place(cells, free)
    dated = split_dated(cells, found, free)  # the authority's line lost: a date under its label
    out: dict[str, RawField] = {}
    for i in sorted(found, key=lambda i: not cells[i].exact):
        key = cells[i].key or ""
        out.setdefault(key, _field(cells[i], [cells[j] for j in found[i]], page))
    for key, (box, label) in unread_bands(cells, found).items():
        if key not in out:
            bands[key] = RawField("", 0.0, box, page, label)
    if dated is not None and "issuing_authority" not in out:
        bands["issuing_authority"] = RawField("", 0.0, dated, page)
    return out, [cells[i] for i in sorted(free)]


def extract(lines: list[Line], table: dict[str, tuple[str, ...]], page: int) -> dict[str, RawField]:
    """The value text of every labelled field found on one page, whatever its layout."""
    return _fields_of(lines, table, page)[0]


_DATE = re.compile(
    r"^(19|20)[0-9]{2}(年[0-9]{1,2}月[0-9]{1,2}日?|[.\-/][0-9]{1,2}[.\-/][0-9]{1,2})$"
)
# Fields whose value alone says what it is, when its label was lost (seal, misread).
VALUE_SHAPES = {
    "id_number": re.compile(r"^[0-9]{17}[0-9Xx]$"),
    "certificate_number": re.compile(r"^[0-9]{17}$"),
    "gender": re.compile(r"^[男女]$"),
    "qualification_type": re.compile(rf"^[{HAN_RANGE}]{{2,12}}教师资格$"),
    "issuing_authority": re.compile(
        rf"^[{HAN_RANGE}]{{2,16}}(" + "|".join(AUTHORITY_SUFFIXES) + ")$"
    ),
}


_WHOLE = {
    **VALUE_SHAPES,
    "name": NAME_SHAPE,
    "ethnicity": re.compile(rf"^[{HAN_RANGE}]{{1,6}}族$"),
    "birth_date": _DATE,
    "issue_date": _DATE,
}


def _by_shape(raw: dict[str, RawField], left: list[Cell], page: int) -> None:
    """Fill fields whose label was lost from the one unclaimed value of their shape; two dates
    left over are birth (the earlier) and issue. Every such value is still cross-checked (ID
    number ↔ birth date and gender, certificate number ↔ issue date, type and gender)."""
    for key, shape in VALUE_SHAPES.items():
        hits = [c for c in left if shape.match(c.text)]
        if key not in raw and len(hits) == 1:
            raw[key] = RawField(hits[0].text, hits[0].score, hits[0].box, page)
    dates = sorted((c for c in left if _DATE.match(c.text)), key=lambda c: c.text[:4])
    missing = [k for k in ("birth_date", "issue_date") if k not in raw]
    if dates and len(dates) == len(missing) and len({c.text[:4] for c in dates}) == len(dates):
        for key, c in zip(missing, dates, strict=True):
            raw[key] = RawField(c.text, c.score, c.box, page)


def info_fields(lines: list[Line], page: int) -> dict[str, RawField]:
    """Every information-page field found on one page (the one entry point for that page)."""
    bands: dict[str, RawField] = {}
    raw, left = _fields_of(lines, INFO_LABELS, page, bands)
    _by_shape(raw, left, page)
    place_issue_date(raw, bands, left, page, lines)  # unlabelled, read damaged, or cut by a seal
    widen_birth(raw)  # cut short where a seal's ring crosses its row
    # A value found by its shape is better than a band to re-read.
    return raw | {k: b for k, b in bands.items() if k not in raw}
