"""A 注册合格 sticker's period row the text detector lost right below its conclusion (注册合格 /
2018年6月7日至2023年6月6日 under a seal's ring), read from the page where that row stands.

A seal stamped across a sticker's period row can hide the whole row from the detector (on a
bitonal or greyscale scan the ring and the print make one blot). When the office and the date
beside the seal are lost or garbled too, the sticker is left with its conclusion alone: there is
no gap between two rows to read (``_sticker_gap``) and no start to read below
(``_sticker_end``), and the entry goes to review with "注册合格但未识别到有效期" although a clerk
reads the period at once. Only 注册合格 carries a period, and it is printed under the conclusion
on every sticker design that stacks its rows, so for such a sticker (a 注册合格 read, no period
of any kind) the band one row below the conclusion is read when nothing was detected there and
it holds ink: upscaled as scanned and in a second view (seal pale), in boxes reaching three
widths to the right (a seal's lettering may run on after the period). The row is taken only when

- at least two readings give one row saying a whole period and nothing else but its label,
  both ends whole dates one 5-year period apart (``core.rules.registration_period``): two ends
  read apart that check each other, as any period read whole does;
- every other reading is that row's beginning (cut short by its box or by the seal's ink).

What a reading holds after its last date, no digit among it, is a seal's lettering and is
dropped first. The row then goes with the page's lines: the decision date and the entry's second
reading still check it. Otherwise nothing is added and the period stays flagged.
"""

from __future__ import annotations

from scanning import _stickers
from scanning._ocr import Box, Image, Line
from scanning._sticker_gap import period_row, qualified, read_rows
from scanning._sticker_lost import free, inked

__all__ = ["found"]

BELOW = (0.1, 1.4)  # the band, in the conclusion's heights below its bottom
LEFT = 0.5  # conclusion heights the band reaches left of the conclusion
REACH = (9.0, 11.0, 13.0)  # conclusion heights each box reaches right of the conclusion's start


def _conclusion_line(s: _stickers.Sticker) -> Line | None:
    """The one line holding the conclusion of a 注册合格 sticker that has no period."""
    if s.conclusion is None or s.has_validity or not qualified(s.conclusion.text):
        return None
    held = [ln for ln in s.lines if s.conclusion.text in ln.text]
    return held[0] if len(held) == 1 else None


def _boxes(head: Line, width: int, height: int) -> tuple[Box, ...]:
    """Where the period row would stand below ``head``, narrowest box first (none off the
    page)."""
    h = head.height
    y0, y1 = int(head.box[3] + BELOW[0] * h), int(head.box[3] + BELOW[1] * h)
    x0 = max(0, int(head.box[0] - LEFT * h))
    if y1 > height:
        return ()
    return tuple((x0, y0, min(width, int(head.box[0] + k * h)), y1) for k in REACH)


def found(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with the lost period row below the conclusion of each 注册合格 sticker that
    has no period (see the module's rules)."""
    h, w = image.shape[:2]
    todo: list[tuple[Box, ...]] = []
    for s in _stickers.group(lines):
        head = _conclusion_line(s)
        boxes = _boxes(head, w, h) if head else ()
        if boxes and free(boxes[0], lines) and inked(image, boxes[0]):
            todo.append(boxes)
    return read_rows(image, lines, todo, [period_row] * len(todo), 0)
