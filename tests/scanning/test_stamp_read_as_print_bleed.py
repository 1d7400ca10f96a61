"""A red stamp the red drop kept, read as a printed sticker, is known as stamp ink even where
bleed-through from the next page darkens one of its rows (a third of that row's ink black):
otherwise the print reading stood as an entry of its own beside the stamp's (third generator,
stamp design: 'o格', a period misread, no office). Black print a seal crosses stays print
(synthetic ink, no OCR)."""

from __future__ import annotations

import numpy as np

from scanning._ocr import Line
from scanning._stamps import unstamped
from scanning._stickers import group

BLACK, RED = (20, 20, 20), (205, 35, 40)
ROWS = ("注册结论：合格", "有效期：2014.04.30-2019.04.29", "注册机构：天津市南开区教育局")


def _sticker(img: np.ndarray, top: int, inks: list[list[tuple[int, int, int]]]):
    lines = []
    for k, (text, row) in enumerate(zip(ROWS, inks, strict=True)):
        y = top + 40 * k
        for n, x in enumerate(range(20, 320, 10)):
            img[y:y + 20, x:x + 5] = row[n % len(row)]
        lines.append(Line(text, 0.9, (18, y - 2, 322, y + 22)))
    [s] = group(lines)
    return s


def test_a_stamp_with_one_row_darkened_by_bleed_through_is_stamp_ink() -> None:
    img = np.full((400, 400, 3), 250, np.uint8)
    # the middle row: three strokes of seven black (the next page's print showing through)
    s = _sticker(img, 40, [[RED], [RED, BLACK] * 3 + [RED], [RED]])
    assert unstamped(img, [s]) == []


def test_black_print_a_seal_crosses_stays_print() -> None:
    img = np.full((400, 400, 3), 250, np.uint8)
    s = _sticker(img, 40, [[BLACK, RED], [BLACK], [BLACK]])  # the seal over its first row
    assert unstamped(img, [s]) == [s]
    half = np.full((400, 400, 3), 250, np.uint8)
    t = _sticker(half, 40, [[RED, BLACK]] * 3)  # as much black as red on every row
    assert unstamped(half, [t]) == [t]
