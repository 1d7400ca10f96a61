"""A sticker's office row the detector lost between two of its rows (注册机构：玉树藏族自治州称多县
教育局 under a seal's ring), read from the page where it stands.

A seal stamped over a sticker's office can hide the whole row from the text detector (the ring
and the print make one blot): the sticker then has its conclusion, its period and its decision
date, a gap of one row between two of them, and no office; the entry goes to review with its
office ``missing`` although a clerk reads it at once. For such a sticker (a conclusion read, no
office of any kind) the band in the gap, where one more row at the sticker's pitch stands, is read
when nothing was detected there and it holds ink: upscaled as scanned and in a second view (seal
pale), in three boxes reaching three, five and seven characters past the sticker's widest row
(an office is often its longest row; a seal's lettering may run on at the right). The row is
taken only when

- at least two readings (of the six) give one row saying one office, nothing else but its
  label, and that office is a whole name the divisions spell (``_vocab.is_authority``);
- every other reading is that row's beginning (cut short by its box's edge, or where the seal's
  ink runs over its end): none says anything else.

The row then goes with the page's lines: the entry's second reading and the office rules (the
booklet's other entries, the seal beside it) still check it. Otherwise nothing is added and the
office stays ``missing``.

A 注册合格 sticker's period row can be lost the same way (有效期：2025年9月1日至2030年8月31日
running into a seal's ring at its right): the sticker has its conclusion, office and date, a
gap of one row, and no period. The band is read as for an office, and the row is taken only
when at least two readings give one row saying a period and nothing else but its label, both
ends whole dates one 5-year period apart (``core.rules.registration_period``), and every other
reading is that row's beginning; what a reading holds after its last date, no digit among it,
is a seal's lettering and is dropped first. The decision date and the second reading still check it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable

from core.errors import InvalidInput
from core.rules import RegistrationConclusion, parse_registration_conclusion
from scanning import _ocr, _stickers
from scanning._layout import Row
from scanning._ocr import Box, Image, Line
from scanning._period_rule import period_end
from scanning._sticker_lost import free, inked, to_last_date
from scanning._sticker_rows import row_pieces
from scanning._vocab import is_authority

__all__ = ["agreed", "found", "period_row", "qualified"]

GAP = 1.6  # a gap of at least this many pitches between two rows holds a lost row
REACH = (3.0, 5.0, 7.0)  # row heights each box reaches past the sticker's widest row
AGREE = 2  # readings (of six) that must give the same row


def _office(text: str) -> str | None:
    """The office a row says, when it says nothing else (its label at most)."""
    said = row_pieces(text)
    names = [re.sub(r"\s+", "", p.text) for p in said if p.kind == "authority"]
    if len(names) != 1 or any(p.kind not in ("authority", "label") for p in said):
        return None
    return names[0]


def qualified(text: str) -> bool:
    """The conclusion as read is 注册合格: the one conclusion that carries a period."""
    hit = _stickers.CONCLUSION.search(re.sub(r"\s+", "", text))
    try:
        return parse_registration_conclusion(hit[0] if hit else text) is (
            RegistrationConclusion.QUALIFIED
        )
    except InvalidInput:
        return False


def _gaps(s: _stickers.Sticker, width: int) -> list[tuple[Box, ...]]:
    """For each gap of about one row between two rows of the sticker, the boxes (each reaching
    further right) where the lost row would stand."""
    rs: list[Row] = sorted(s.rows, key=lambda r: r.top)
    if len(rs) < 3:
        return []
    lh = statistics.median(r.bottom - r.top for r in rs)
    steps = [b.top - a.top for a, b in zip(rs, rs[1:], strict=False)]
    pitch = min(steps)  # the rows' own pitch: the gap is the one step that is more
    if pitch < lh:
        return []
    x0 = max(0, int(min(r.box[0] for r in rs) - 0.5 * lh))
    right = max(r.box[2] for r in rs)
    out = []
    for a, step in zip(rs, steps, strict=False):
        if not GAP * pitch <= step <= (GAP + 0.8) * pitch:
            continue
        y0, y1 = int(a.top + pitch - 0.2 * lh), int(a.top + pitch + 1.2 * lh)
        out.append(tuple((x0, y0, min(width, int(right + k * lh)), y1) for k in REACH))
    return out


def period_row(text: str) -> bool:
    """The row says one period and nothing else but its label, its two ends whole dates one
    5-year period apart."""
    said = row_pieces(text)
    ranges = [p for p in said if p.kind == "range"]
    if len(ranges) != 1 or any(p.kind not in ("range", "label") for p in said):
        return False
    start, end = ranges[0].dates
    return bool(start.value and end.value and period_end(start.value) == end.value)


def _office_row(text: str) -> bool:
    return (o := _office(text)) is not None and is_authority(o)


def agreed(texts: list[str], says: Callable[[str], bool] = _office_row) -> str | None:
    """The row at least ``AGREE`` readings give, when it says one whole office (or what
    ``says`` wants) and every other reading is its beginning (cut short by its box's edge or
    by the seal's ink)."""
    plain = [re.sub(r"\s+", "", t) for t in texts]
    whole = {t for t in plain if says(t)}
    best = max(whole, key=len, default="")
    if not whole or (len(whole) > 1 and says is _office_row):
        return None
    if not all(best.startswith(t) for t in whole):  # a period cut short at its 日 is its start
        return None
    if plain.count(best) < AGREE or not all(best.startswith(t) for t in plain):
        return None
    return best


def found(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with the lost office row of each sticker that has none (see the module's
    rules)."""
    w = image.shape[1]
    todo: list[tuple[Box, ...]] = []
    wants: list[Callable[[str], bool]] = []
    for s in _stickers.group(lines):
        if s.conclusion is None or s.bare:
            continue
        if s.authority is None:
            says = _office_row
        elif qualified(s.conclusion.text) and not s.has_validity:
            says = period_row
        else:
            continue
        gaps = [b for b in _gaps(s, w) if free(b[-1], lines) and inked(image, b[0])]
        todo += gaps
        wants += [says] * len(gaps)
    return read_rows(image, lines, todo, wants, -1)


def read_rows(
    image: Image, lines: list[Line], todo: list[tuple[Box, ...]],
    wants: list[Callable[[str], bool]], at: int,
) -> list[Line]:  # fmt: skip
    """``lines`` with the row each crop set of ``todo`` reads alike (``agreed``) as the kind
    of row its ``wants`` test asks for, placed at its crop ``at``."""
    if not todo:
        return lines
    got = _ocr.readings([(image, b) for boxes in todo for b in boxes])
    out, first = list(lines), 0
    for k, boxes in enumerate(todo):
        sets, first = got[first : first + len(boxes)], first + len(boxes)
        views = [r for g in sets for r in g if r.score >= _ocr.MIN_SCORE]
        texts = [r.text for r in views]
        if wants[k] is period_row:  # a seal's lettering after the period's end is not the row's
            texts = [to_last_date(t) for t in texts]
        row = agreed(texts, wants[k])
        if row is not None:
            out.append(Line(row, min(r.score for r in views), boxes[at]))
    return sorted(out, key=lambda ln: (ln.cy, ln.box[0]))
