"""Dots that are strokes of characters (心 at the foot of 思想, 灬 of 照熊) are no dotted
leader: a coarse scan breaks them off as small marks evenly spaced low on the line, and a
value cut from right of them lost its first characters (政治 for 思想政治) (drawn images)."""

from __future__ import annotations

import numpy as np

from scanning._leader import value_box

DOTS = range(10, 66, 7)  # eight dots, evenly spaced


def _dotted_characters(leader: bool = False) -> np.ndarray:
    img = np.full((40, 400, 3), 255, np.uint8)
    shift = 120 if leader else 0
    if leader:
        img[6:34, 0:20] = 0  # the label
        for k in range(16):  # a printed leader in the empty stretch after it
            img[26:29, 30 + 5 * k : 33 + 5 * k] = 0
    img[6:20, shift + 10 : shift + 34] = 0  # the upper strokes of two characters
    img[6:20, shift + 38 : shift + 62] = 0
    for x in DOTS:  # the dots at their foot
        img[23:27, shift + x : shift + x + 3] = 0
    img[6:34, shift + 76 : shift + 136] = 0  # two plain characters after them
    return img


def test_dots_under_strokes_of_characters_are_no_leader() -> None:
    assert value_box(_dotted_characters(), (0, 0, 400, 40)) is None


def test_a_leader_before_such_characters_is_still_one() -> None:
    got = value_box(_dotted_characters(leader=True), (0, 0, 400, 40))
    assert got is not None and 30 + 5 * 15 < got[0] <= 130
