"""A stamp read as print with no seal beside it, on a page whose every seal is another entry's.

Some counties chop 定期注册合格 and the period with a rubber stamp and press the office's round
seal beside some entries only: a stamp with no seal beside it prints no office and no date, and a
clerk cannot type what the booklet does not hold (``_stamp_undated`` takes them as not printed).
A page that holds round seals left that rule out, lest a seal belonging to the stamp be passed
over. It no longer does when the page proves no seal is the stamp's:

- every round seal found on the page stands beside another entry (``_seal_ring.assign``), and
  that entry's office is sure: its seal's ring named it with no digit in its reads, or its own
  printed office is a name the divisions spell;
- the stamp's rows stand alone in their tight border, and every stroke inside that border is the
  border's or a row read (``_stamp_frame.holds_only``): no row of the stamp was lost.

The stamp's other rules (a whole 5-year period, every row saying what a stamp says, no date on
the page left over) are ``_stamp_undated``'s and still apply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from scanning import _seal_ring, _stamp_frame, _stamp_undated
from scanning._layout import union
from scanning._ocr import Line
from scanning._seal_shape import Ring
from scanning._stickers import Sticker
from scanning._vocab import is_authority

if TYPE_CHECKING:
    from scanning._scan import Page

__all__ = ["others_seals", "whole"]


def _sure(s: Sticker, named: _seal_ring.RingName | None) -> bool:
    """The sticker's office is sure: a seal's ring named it (no digit read in it) or its own
    printed office is a whole name."""
    if named is not None:
        return named.name is not None and not any(ch.isdigit() for r in named.reads for ch in r)
    return s.authority is not None and is_authority("".join(s.authority.text.split()))


def others_seals(
    p: Page, rings: Sequence[Ring], stickers: Sequence[Sticker], k: int,
    seals: Mapping[int, _seal_ring.RingName],
) -> bool:
    """The page holds round seals, and each stands beside a sticker other than the ``k``-th
    whose office is sure (``seals``: what the ring beside each sticker named)."""
    found = list(rings) or list(p.red_ink.rings)
    if not found or not 0 <= k < len(stickers) or not all(s.lines for s in stickers):
        return False
    boxes = [union([ln.box for ln in s.lines]) for s in stickers]
    beside = _seal_ring.assign(found, boxes, p.red_ink.frames)
    owner = {id(ring): i for i, ring in beside.items()}
    return all(
        (i := owner.get(id(ring))) is not None and i != k and _sure(stickers[i], seals.get(i))
        for ring in found
    )


def whole(p: Page, s: Sticker, lines: Sequence[Line]) -> bool:
    """The stamp's rows stand alone in their tight border, which holds nothing else."""
    if not _stamp_undated.framed_alone(s, p.red_ink.frames, lines):
        return False
    rows = [ln.box for ln in s.lines]
    frame = _stamp_frame.frame_of(rows, p.red_ink.frames)
    return frame is not None and _stamp_frame.holds_only(p.image, frame, rows)
