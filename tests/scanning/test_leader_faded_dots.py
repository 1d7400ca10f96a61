"""A dotted leader photographed under glare: a dot or two fade below a mark's size, and the
leader's chain has a gap of two pitches. It is still a leader (the lone 女 after it was dropped
with the dots); specks with a gap every few dots are not (images drawn in the test)."""

from __future__ import annotations

import numpy as np

from scanning._leader import value_box


def _line(lost: tuple[int, ...], dots: int = 16, step: int = 4) -> np.ndarray:
    img = np.full((50, 460, 3), 240, np.uint8)
    img[16:38, 7:27] = 50  # 性
    img[15:37, 91:110] = 50  # 别
    for k in range(dots):  # the leader: small dots, evenly spaced, low on the line
        if k not in lost:
            x = 118 + k * step
            img[32:34, x : x + 2] = 50
    img[16:36, 203:223] = 50  # the value (女)
    return img


def test_a_leader_with_a_faded_dot_is_still_cut_off() -> None:
    got = value_box(_line(lost=(14,)), (0, 0, 460, 50))
    assert got is not None and 118 + 15 * 4 < got[0] <= 203


def test_a_leader_with_two_faded_dots_apart_is_still_cut_off() -> None:
    got = value_box(_line(lost=(5, 14)), (0, 0, 460, 50))
    assert got is not None and got[0] <= 203


def test_specks_with_gaps_at_every_few_dots_are_no_leader() -> None:
    # four gaps in eleven steps: more gaps than fading explains
    assert value_box(_line(lost=(3, 6, 9, 12)), (0, 0, 460, 50)) is None
