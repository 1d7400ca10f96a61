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
from collections.abc import Sequence
from dataclasses import dataclass, field

from scanning._datescan import DateRead
from scanning._layout import centred_in, gap, line_height
from scanning._ocr import Box, Line
from scanning._remark_cells import _EDGE, LEADS, Cell, _as_text, _cells, _inline
from scanning._remark_print import _TITLE, _printed, _seal_text
from scanning._remark_print import is_title as is_title  # the page reader finds the heading

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


@dataclass
class Remark:
    """One entry as read: its date (None when no date was found for it), its text, and
    whether a line of its text ends under a seal (characters there may be lost)."""

    cells: list[Cell]
    under_seal: bool = False
    seal_ends: set[Box] = field(default_factory=set)  # line boxes whose right end is in a seal
    split: bool = False  # a line of it was split by a seal (its rest carried over)
    parted: bool = False  # parted from text across its lone date by the side the date stands

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


_LEADS = tuple(LEADS)


def _set_apart(c: Cell) -> bool:
    """A date closing its row in a box of its own, after words that do not lead into it."""
    if c.date is None or c.where != "last" or c.text.rstrip(_EDGE).endswith(_LEADS):
        return False
    text = _TITLE.sub("", c.row.text)
    return not _inline(c, text, {ln.text.strip(_EDGE) for ln in c.row.lines})


def _cut(cells: list[Cell], a: int, b: int, slack: float = 0.0) -> int:
    """Index of the first row of the entry anchored at ``b``, for anchors ``a`` < ``b``;
    ``slack``: how much narrower than the widest a gap may be and still count as equal."""
    if cells[b].where == "first":
        return b
    if cells[a].where == "last":
        return a + 1
    gaps = [gap(cells[i - 1].row, cells[i].row) for i in range(a + 1, b + 1)]
    widest = max(gaps)
    # Equal gaps: the page's convention decides (text before its date when the page ends
    # with a date line, else date first).
    ties = [a + 1 + k for k, g in enumerate(gaps) if g >= min(0.9 * widest, widest - slack)]
    return ties[0] if cells[-1].where in ("only", "last") else ties[-1]


def _slack(cells: list[Cell]) -> float:
    """How far apart two gaps may be and still say nothing about where an entry ends: a third
    of a line when both ends of the page show one convention (text first, a date-only row
    last: each date closes its text; a date first, text last: each date opens it). Boxes of
    hand-writing are tall and uneven, so a date may sit farther from its own text than from
    the next entry's by a good part of a row; a real blank between entries is wider still."""
    first, last = cells[0], cells[-1]
    closes = first.date is None and last.date is not None and last.where == "only"
    opens = first.date is not None and first.where == "only" and last.date is None
    return 0.3 * line_height([c.row for c in cells]) if closes or opens else 0.0


def _split(cells: list[Cell], anchors: list[int]) -> list[list[Cell]]:
    slack = _slack(cells)
    starts = [0] + [_cut(cells, a, b, slack) for a, b in zip(anchors, anchors[1:], strict=False)]
    ends = starts[1:] + [len(cells)]
    return [cells[s:e] for s, e in zip(starts, ends, strict=True)]


def _at_numbers(group: list[Cell]) -> list[list[Cell]]:
    """A group cut where a row opens with an entry's number (its date lost or elsewhere)."""
    cuts = [0] + [i for i, c in enumerate(group) if i and c.numbered] + [len(group)]
    return [group[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _orphans(group: list[Cell], limit: float, frames: Sequence[Box] = ()) -> list[list[Cell]]:
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
    lo, hi = _framed(group, lo, hi, frames)
    if lo > 0:
        out.append(group[:lo])
    out.append(group[lo : hi + 1])
    if hi + 1 < len(group):
        out.append(group[hi + 1 :])
    return out


def _framed(group: list[Cell], lo: int, hi: int, frames: Sequence[Box]) -> tuple[int, int]:
    """The dated rows ``lo``..``hi`` of ``group`` widened to the text rows that share their
    frame, when they hold no text of their own: a stamped or ruled box (a rubber stamp's frame)
    holds one entry, its date set apart from its text at the box's foot or head."""
    if any(c.text for c in group[lo : hi + 1]):
        return lo, hi
    boxes = [ln.box for c in group[lo : hi + 1] for ln in c.row.lines]
    held = [f for f in frames if all(centred_in(b, f) for b in boxes)]
    if not held:
        return lo, hi
    frame = min(held, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]))

    def framed(c: Cell) -> bool:
        return all(centred_in(ln.box, frame) for ln in c.row.lines)

    while lo > 0 and framed(group[lo - 1]):
        lo -= 1
    while hi + 1 < len(group) and framed(group[hi + 1]):
        hi += 1
    return lo, hi


def entries(
    lines: list[Line], earliest: str | None = None, frames: Sequence[Box] = ()
) -> list[Remark]:
    """The remarks on one page, top to bottom; ``earliest`` is the issue date, if known;
    ``frames``: the page's ruled or stamped boxes (an entry's text and date share one)."""
    cells, carried = _cells(lines, earliest)
    if not cells:
        return []
    anchors = _anchors(cells, earliest)
    cells = [c if i in anchors or c.date is None else _as_text(c) for i, c in enumerate(cells)]
    seals = [ln.box for ln in _printed(lines) if _seal_text(ln.text)]
    if not anchors:
        return [_sealed(Remark(part), seals, carried) for part in _at_numbers(cells)]
    groups = [part for g in _split(cells, anchors) for part in _at_numbers(g)]
    groups = [part for g in groups for part in _at_lost_rows(g, _spacing(groups))]
    limit = _limit(groups)
    parts = [part for g in groups for part in _orphans(g, limit, frames)]
    margin = min((c.row.box[0] for c in cells if c.text), default=0)
    height = line_height([c.row for c in cells])
    return [
        _sealed(Remark(part, parted=parted), seals, carried)
        for g in parts
        for part, parted in _lone_date_sides(g, margin, height)
    ]


def _lone_date_sides(
    group: list[Cell], margin: float, height: float
) -> list[tuple[list[Cell], bool]]:
    """A group whose one date stands alone on its row between rows of text, parted after that
    date when it is set apart at the right (more than two line heights in from the margin where
    the text starts): such a date closes the text above it, as an office signs a remark, so the
    text below is an entry whose date was lost (flagged for it). The dated part is marked
    ``parted``: its side is the page's habit, not proved. A date at the margin may open the
    text below it or close the text above it (a date line): that group stays whole (flagged),
    as does one with less than a row's room between the text rows either side of it."""
    dated = [i for i, c in enumerate(group) if c.date]
    if len(dated) != 1 or group[dated[0]].where != "only":
        return [(group, False)]
    d = dated[0]
    above, below = group[:d], group[d + 1 :]
    if not any(c.text for c in above) or not any(c.text for c in below):
        return [(group, False)]
    # A date in a table's right column, centred on its wrapped text, sits between two rows at
    # the text's own spacing: no row of its own there, and no entry ends at it.
    if group[d].row.box[0] - margin <= 2 * height or gap(above[-1].row, below[0].row) < height:
        return [(group, False)]
    return [(group[: d + 1], True), (below, False)]


def _spacing(groups: list[list[Cell]]) -> tuple[float, float]:
    """The page's line height and its closest spacing of two rows of one entry (a wrapped
    line under the line it continues, or a date under its text), never below zero."""
    height = line_height([c.row for g in groups for c in g])
    pairs = [gap(a.row, b.row) for g in groups for a, b in zip(g, g[1:], strict=False)]
    return height, max(0, min(pairs, default=0))


def _at_lost_rows(group: list[Cell], spacing: tuple[float, float]) -> list[list[Cell]]:
    """A group cut between two rows of text that have a whole row of white space between
    them, more than the page ever leaves between two rows of one entry: an entry's lines
    follow one another at the page's spacing, so the row between held what the reading lost
    (a date under a seal). The part cut off keeps its text and, having no date, is flagged."""
    height, closest = spacing
    cuts = [0] + [
        i for i in range(1, len(group))
        if not group[i - 1].date and not group[i].date and group[i - 1].text and group[i].text
        and gap(group[i - 1].row, group[i].row) >= closest + 0.8 * height
    ] + [len(group)]  # fmt: skip
    return [group[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


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
    # Rows of one entry that touch (the tall, uneven boxes of hand-writing) leave no white
    # space to measure by: then a gap under half a row holds no lost row (a date's).
    floor = 1.5 * typical if typical > 0 else 0.5 * height
    return max(min([limit, *(0.7 * g for g in between)]), floor)
