"""A seal's ring read from inside its name is read on round the ring (issue 12, fifth 0040).

The seals of a booklet's three registration entries stand one above the other and overlap: the
lettering of the seal below crosses the blank arc under this seal's name, so the unwrapping
starts at a blank between two of the name's characters and reads 局磁县教育 for 磁县教育局.
The lettering of a ring has no first character of its own; read on round, the characters are
the one office 磁县教育局, evenly spaced all the way round with the blank arc between its last
character and its first. The tests a whole ring read passes still hold: a read whose
characters are not evenly spaced on the way round, or beside lettering it does not account
for, stays unread. (No recogniser here: its text and character places are given.)"""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _seal_ring, _seal_round
from scanning._seal_shape import Ring

RING = Ring(300.0, 300.0, 100.0)
ARC = (5.0, 330.0)  # the strip starts just before 局 (the widest blank was between 育 and 局)
SCALE = 2.0
PITCH = 150.0


def _strip_shape() -> tuple[int, int]:
    view = np.full((600, 600, 3), 255, np.uint8)
    h, w = _seal_ring.polar(view, RING, ARC[0], ARC[1], SCALE).shape[:2]
    return h, w


def _one(monkeypatch: pytest.MonkeyPatch, text: str, xs: list[float], extra: tuple[int, ...] = ()):
    """``_one`` on a strip whose ink is a character at each of ``xs`` (and at ``extra``)."""
    h, w = _strip_shape()
    inked = np.zeros((h, w), bool)
    for x in [*xs, *extra]:
        inked[:, max(0, int(x) - 25) : int(x) + 25] = True
    monkeypatch.setattr(_seal_ring, "positions", lambda strip: (text, list(xs)))
    monkeypatch.setattr(_seal_ring, "_ink", lambda strip: inked)
    view = np.full((600, 600, 3), 255, np.uint8)
    return _seal_ring._one(view, RING, ARC, SCALE)


def _places() -> list[float]:
    """局 first in the strip, then 磁县教育 after the blank arc, one pitch apart round the ring."""
    turn = _strip_shape()[1] * 360.0 / ARC[1]
    first = 40.0 - 4 * PITCH + turn  # 磁, four pitches before 局 going round
    return [40.0, *(first + k * PITCH for k in range(4))]


def test_a_read_starting_inside_the_name_is_read_on_round(monkeypatch) -> None:
    text, name, fixed, spread = _one(monkeypatch, "局磁县教育", _places())
    assert (name, fixed) == ("磁县教育局", False)
    assert spread > _seal_ring.MIN_SPREAD


def test_the_whole_read_tests_still_hold_round_the_ring(monkeypatch) -> None:
    xs = _places()
    # lettering running on from 局 that no character read accounts for (another seal's)
    assert _one(monkeypatch, "局磁县教育", xs, extra=(xs[0] + 0.9 * PITCH,))[1] is None
    # 局 read far from where the name's pitch round the ring puts it: a gap, not one name
    assert _one(monkeypatch, "局磁县教育", [xs[0] + 120.0, *xs[1:]])[1] is None


def test_only_a_reading_one_name_turned_is_read_so() -> None:
    xs = [0.0, 10.0, 20.0, 30.0, 40.0]
    round_ = [10.0, 20.0, 30.0, 40.0, 100.0]
    assert _seal_round.turned("局磁县教育", xs, 100.0) == ("磁县教育局", round_)
    assert _seal_round.turned("育局磁县教", xs, 100.0) is not None
    assert _seal_round.turned("局某县教育", xs, 100.0) is None  # no name whichever way round
    assert _seal_round.turned("磁县教育局", xs, 100.0) is None  # read as it stands, not turned
