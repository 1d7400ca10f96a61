"""A close-set dotted leader on a low-resolution scan: its dots run together into flat dashes
on the baseline with hardly a round dot among them (证书号码………2007…, where the recogniser
dropped the number's first digits with the dots). It is still a leader; a ruling broken into
the same flat pieces, below the print or running under the value, is not (images drawn in
the test)."""

from __future__ import annotations

import numpy as np

from scanning._leader import value_box

_H = 30


def _line(pieces: list[tuple[int, int]], top: int = 22, under_value: bool = False) -> np.ndarray:
    img = np.full((_H, 420, 3), 245, np.uint8)
    for x in (6, 34, 61, 88):  # the label's four characters
        img[7:25, x : x + 19] = 60
    for x, w in pieces:  # the leader: 2 px high dashes, 1 px apart
        img[top : top + 2, x : x + w] = 60
    for k in range(17):  # the value's digits, 11 px apart
        img[9:25, 162 + k * 11 : 172 + k * 11] = 60
    if under_value:
        for x in range(165, 340, 11):
            img[top : top + 2, x : x + 7] = 60
    return img


_DASHES = [(115, 7), (123, 3), (127, 7), (135, 11), (147, 7)]


def test_a_close_set_leader_of_flat_dashes_is_cut_off() -> None:
    got = value_box(_line(_DASHES), (0, 0, 420, _H))
    assert got is not None and 154 < got[0] <= 162 and got[2:] == (420, _H)


def test_flat_dashes_below_the_print_are_a_ruling_not_a_leader() -> None:
    assert value_box(_line(_DASHES, top=27), (0, 0, 420, _H)) is None


def test_flat_dashes_running_under_the_value_are_no_leader() -> None:
    # the same dashes continue between the value's digits: a broken ruling, not a leader
    img = _line(_DASHES, under_value=True)
    got = value_box(img, (0, 0, 420, _H))
    assert got is None or got[0] <= 162


def test_too_few_dashes_are_no_leader() -> None:
    assert value_box(_line([(115, 7), (123, 3)]), (0, 0, 420, _H)) is None
