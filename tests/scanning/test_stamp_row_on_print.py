"""A red stamp row that is black print a seal crosses (注册结论：注册合格 under the next entry's
seal: the green channel read 合格 there as a stamp's row) is no stamp row, so it gives no entry
of its own; a stamp's own row, red over its whole line, stays (synthetic ink, no OCR)."""

from __future__ import annotations

import numpy as np

from scanning._ocr import Line
from scanning._stamp_print import on_print
from scanning._stamps import STAMP_INK

BLACK, RED = (20, 20, 20), (205, 35, 40)


def _page() -> np.ndarray:
    img = np.full((200, 400, 3), 250, np.uint8)
    for x in range(20, 330, 12):  # a printed row: black strokes across its width
        img[40:60, x:x + 6] = BLACK
    img[30:70, 200:240] = RED  # a seal's ring crossing it
    for x in range(20, 200, 12):  # a stamp's row: red over its whole width
        img[120:140, x:x + 6] = RED
    return img


PRINT = Line("注册结论：注册合格", 0.99, (20, 38, 330, 62))
CROSSED = Line("合格", 0.9, (190, 30, 250, 70))
STAMP = Line("注册合格", 0.9, (20, 118, 200, 142))


def test_a_stamp_row_the_black_print_under_it_says_is_print() -> None:
    assert on_print(_page(), [CROSSED], [PRINT], STAMP_INK) == [CROSSED]


def test_a_stamp_row_of_its_own_words_or_on_red_print_stays() -> None:
    page = _page()
    other = Line("暂缓", 0.9, CROSSED.box)  # words the print does not say
    assert on_print(page, [other, STAMP], [PRINT], STAMP_INK) == []
    # the page reader read the stamp's own red row as print: it is still a stamp
    assert on_print(page, [STAMP], [Line("注册合格", 0.9, STAMP.box)], STAMP_INK) == []
