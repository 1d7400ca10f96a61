"""A page's OCR lines cut into cells: labels with the text after them, and unlabelled pieces
of text, each with its box; and the cells that can never be a value (label fragments, duplicate
detections, seal lettering)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace
from functools import cache

from core.rules import HAN_RANGE, NAME_JOINS, normalize_digits
from scanning._label_pieces import merge_split_labels
from scanning._labels import COLONS, Table, clean, labels_in
from scanning._layout import meet
from scanning._ocr import Box, Line
from scanning._vocab import SUBJECTS


@dataclass(frozen=True)
class Cell:
    """A piece of a line: a label (``key`` set) with the text after it, or unlabelled text."""

    key: str | None
    text: str
    score: float
    box: Box
    exact: bool = True
    # A word-joining mark (热依拉·艾力) stood at the start / end of the text and was stripped
    # with the edges: where the detector cut a name at its mark, joining the pieces restores it.
    mark_before: bool = False
    mark_after: bool = False

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> int:
        """Box height in pixels (at least 1)."""
        return max(1, self.box[3] - self.box[1])

    @property
    def x0(self) -> int:
        """Left edge."""
        return self.box[0]

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return (self.box[0] + self.box[2]) / 2


def _width(ch: str) -> float:
    """Relative printed width: CJK and full-width forms are square, ASCII is about half."""
    if ch in " \t":
        return 0.35
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def _sub_box(line: Line, text: str, a: int, b: int) -> Box:
    """Estimated box of ``text[a:b]`` inside the line's box, from character widths."""
    widths = [_width(c) for c in text]
    total = sum(widths) or 1.0
    x0, y0, x1, y1 = line.box
    left = x0 + (x1 - x0) * sum(widths[:a]) / total
    right = x0 + (x1 - x0) * sum(widths[:b]) / total
    return int(left), y0, int(round(right)), y1


_MARGIN = re.compile(r"^[（(][^）)]{0,3}章[）)]")  # 发证机关（盖章）: a printed hint, no value
_EDGES = COLONS + ".．·|丨｜"  # a table's ruling read as a bar is no part of a value
# 身份证号48:4206…: the misread end of a label
_LABEL_TAIL = re.compile(rf"^[^{COLONS}]{{1,2}}[{COLONS}]")
# One word-joining mark between a piece's Han text and its edge (·艾力, 热依拉·): a dotted
# leader is a run of marks, a transcribed name's join is one.
JOINS = NAME_JOINS
_MARK_BEFORE = re.compile(r"^\s*(?<![" + JOINS + r"])[" + JOINS + rf"]\s*[{HAN_RANGE}]")
_MARK_AFTER = re.compile(rf"[{HAN_RANGE}]\s*[" + JOINS + r"](?![" + JOINS + r"])\s*$")


def _value_text(t: str) -> str:
    """The value in a piece of line text, without what only surrounds values."""
    v = _MARGIN.sub("", clean(t).strip(_EDGES)).strip(_EDGES)
    return _LABEL_TAIL.sub("", v).strip(_EDGES)


def line_cells(line: Line, table: Table) -> list[Cell]:
    """A line cut at each label it holds; a label's cell spans the label and its inline value."""
    t = normalize_digits(line.text)
    hits = [h for h in labels_in(t, table) if not _in_listed_value(t, h[0], h[1], table)]
    if not hits:
        whole = _value_text(t)
        return [_marked(Cell(None, whole, line.score, line.box), t)] if whole else []
    out = []
    if _value_text(t[: hits[0][0]]):
        box = _sub_box(line, t, 0, hits[0][0])
        head = t[: hits[0][0]]
        out.append(_marked(Cell(None, _value_text(head), line.score, box), head))
    for n, (start, end, key, exact) in enumerate(hits):
        stop = hits[n + 1][0] if n + 1 < len(hits) else len(t)
        box = line.box if len(hits) == 1 and start == 0 else _sub_box(line, t, start, stop)
        cell = Cell(key, _inline_value(t[end:stop]), line.score, box, exact)
        out.append(replace(cell, mark_after=bool(cell.text and _MARK_AFTER.search(t[end:stop]))))
    return out


@cache
def _holding(variants: frozenset[str]) -> tuple[str, ...]:
    """The listed subjects that hold a label word (民族音乐与舞蹈)."""
    return tuple(s for s in SUBJECTS if any(v in s for v in variants))


def _in_listed_value(t: str, start: int, end: int, table: Table) -> bool:
    """Whether the label spelled at ``t[start:end]`` lies inside a listed subject the line
    spells (民族音乐与舞蹈 in its table cell): there the word is the value's."""
    for s in _holding(frozenset(v for vs in table.values() for v in vs)):
        k = t.find(s)
        while k >= 0:
            if k <= start and end <= k + len(s):
                return True
            k = t.find(s, k + 1)
    return False


def _marked(cell: Cell, t: str) -> Cell:
    """``cell`` noting the word-joining mark its text ``t`` began or ended with."""
    return replace(cell, mark_before=bool(_MARK_BEFORE.match(t)),
                   mark_after=bool(_MARK_AFTER.search(t)))


def _inline_value(t: str) -> str:
    """The value glued after a label, or nothing when what follows it is a seal's legend
    (教师资格类别格专用章: the label's line ran into the seal's 资格认定专用章 under it, on a
    page printing the value below): no value ends in 专用章, and the value is looked for
    under the label or in its band instead."""
    v = _value_text(t)
    return "" if _SEAL.search(v) and not _VALUE_HEAD.match(v) else v


def _fragment(cell: Cell, table: Table) -> bool:
    """Unlabelled text that is only a piece of a label (号码, 日期): never a value."""
    return len(cell.text) >= 2 and any(cell.text in v for vs in table.values() for v in vs)


def _duplicates(cells: list[Cell]) -> set[int]:
    """Unlabelled boxes the detector found twice: a box overlapping a longer one whose text
    holds its own (西省 inside 陕西省教育厅, under a seal)."""
    return {
        i for i, c in enumerate(cells) for j, d in enumerate(cells)
        if i != j and c.key is None and d.key is None and len(c.text) < len(d.text)
        and c.text in d.text and meet(c.box, d.box)
    }


_SEAL = re.compile(r"(专用章|之章|公章|印章)$")


_VALUE_HEAD = re.compile(r"^[0-9][0-9.\-/年月日]{4,}")


def _seal_text(cells: list[Cell]) -> set[int]:
    """Unlabelled text from a seal a greyscale scan could not drop: a seal's legend (…专用章),
    or a few characters far taller than the page's print (seal lettering is large)."""
    tall = 2.2 * statistics.median(c.height for c in cells) if cells else 0.0
    return {
        i for i, c in enumerate(cells)
        if c.key is None and (_SEAL.search(c.text) or (len(c.text) <= 3 and c.height > tall))
        and not _VALUE_HEAD.match(c.text)  # a value the legend ran into (201.4-05资格认定专用章)
    }


def page_cells(lines: list[Line], table: Table) -> tuple[list[Cell], set[int]]:
    """Every cell of the page in reading order, and those that may be values."""
    cells = [c for ln in merge_split_labels(lines, table) for c in line_cells(ln, table)]
    cells.sort(key=lambda c: (c.cy, c.box[0]))
    noise = _duplicates(cells) | _seal_text(cells)
    free = {i for i, c in enumerate(cells) if c.key is None and not _fragment(c, table)}
    return cells, free - noise


