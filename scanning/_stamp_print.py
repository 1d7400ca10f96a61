"""Black print a seal crosses, read in the red ink as if it were a stamp's row.

Where a round seal's thick ring or lettering crosses a printed sticker's row (注册结论：注册合格
under the seal of the next entry, stuck on slightly askew), most of that stretch's ink is red,
and the green channel's reader takes it for a red stamp's row (合格): a third entry, read from
no stamp, appeared beside the two printed stickers. The page reader, with red dropped, reads
that same row as print, and its whole line is mostly black ink (a stamp's own rows are red
over their whole length: at least ``STAMP_INK`` of their dark ink). A stamp row whose every
word character the print line under it already says, on a line that is mostly black ink, is
that print: it is no stamp's row. A real stamp chopped over print says its own words (a
conclusion, a date the print does not hold) and stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scanning._ocr import Box, Image, Line
from scanning._red_ink import red_share

__all__ = ["on_print"]

MIN_CHARS = 2  # word characters a stamp row must hold to be matched against print
OVERLAP = 0.5  # share of the stamp row's height and width the print line must cover


def _words(text: str) -> str:
    return re.sub(r"\W", "", text)


def _covers(line: Box, row: Box) -> bool:
    """Whether the print line covers at least half the row's height and width."""
    h = min(line[3], row[3]) - max(line[1], row[1])
    w = min(line[2], row[2]) - max(line[0], row[0])
    return h >= OVERLAP * (row[3] - row[1]) and w >= OVERLAP * (row[2] - row[0])


def on_print(
    image: Image, rows: Sequence[Line], lines: Sequence[Line], stamp_ink: float
) -> list[Line]:
    """The stamp rows of ``rows`` that are black print a seal crosses: each covered by a
    printed line of ``lines`` (read with red dropped) that says all its word characters and
    whose dark ink is less than ``stamp_ink`` red."""
    out = []
    for row in rows:
        said = _words(row.text)
        if len(said) < MIN_CHARS:
            continue
        if any(_covers(ln.box, row.box) and said in _words(ln.text)
               and red_share(image, ln.box) < stamp_ink for ln in lines):  # fmt: skip
            out.append(row)
    return out
