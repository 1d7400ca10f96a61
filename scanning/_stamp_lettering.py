"""A character of a round seal's ring lettering read upright as a digit (局 turned on the rim,
read ``3t``) is no date written in the seal.

A red 定期注册合格 stamp that prints no decision date is taken as undated only when no red row
inside a seal's ring holds a digit: a date stamp (日戳) writes its date across its middle, and
that date must not be lost. But the red view also detects single letters of an office seal's
ring lettering, each turned with the rim, and the recogniser can read one as a digit. Such a
row is the lettering, not a date, only when the page proves it:

- the page holds one seal, and its ring was read (unwrapped, twice) as an office's name for
  sure, no digit in any read: the lettering is accounted for and names no date;
- the row is one character cell (no wider than it is tall, by a margin), holds one digit and
  no more, and stands on the rim, away from the middle (a date across a seal's middle is a row
  of digits: a year alone is four; a single turned cell on the rim is one letter).

Any other row inside a ring that holds a digit stays a possible date, and the stamp's missing
date stays flagged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from scanning._ocr import Line
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring

__all__ = ["dated"]

CELL = 1.5  # a row at most this many times as wide as tall is one character cell
RIM = 0.5  # a cell centred at least this share of the radius from the centre is on the rim


def _named(seals: Iterable[RingName]) -> bool:
    """A seal's ring read as an office's name for sure, no digit in any of its reads."""
    names = [s for s in seals if s.name is not None]
    return bool(names) and not any(ch.isdigit() for s in names for r in s.reads for ch in r)


def _letter(ln: Line, ring: Ring) -> bool:
    """``ln`` is one turned letter of ``ring``'s lettering: one cell, one digit, on the rim."""
    x0, y0, x1, y1 = ln.box
    cell = (x1 - x0) <= CELL * (y1 - y0)
    one = sum(ch.isdigit() for ch in ln.text) == 1
    far = math.hypot((x0 + x1) / 2 - ring.cx, (y0 + y1) / 2 - ring.cy) >= RIM * ring.r
    return cell and one and far


def dated(
    rows: Sequence[Line], rings: Sequence[Ring], seals: Iterable[RingName]
) -> tuple[Line, ...]:
    """The red ``rows`` inside a seal's ring holding a digit that may be a date written in the
    seal: all of them, less the turned letters of the one seal's ring read as an office."""
    if len(rings) != 1 or not _named(seals):
        return tuple(rows)
    return tuple(ln for ln in rows if not _letter(ln, rings[0]))
