"""A registration's decision date whose second reading lost characters only (2019.9.1 for
2019.09.17: a date stamp's ring took the 0 and the 7) is the first reading's when the third
view of the date's own box holds every character of the first, adding nothing but marks or a
digit read twice beside itself (2019.099.17m); any other digit read keeps the two apart."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from scanning import _sticker_views
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group


@pytest.mark.parametrize(
    ("first", "again", "third", "settled"),
    [
        ("2019.09.17", "2019.9.1", "2019.099.17m", True),  # the re-read lost characters only
        ("2019.09.17", "2019.9.1", "2019.09.17", True),
        ("2019.09.17", "2019.9.1", "2019.9.17", False),  # the third lost the 0 as well
        ("2019.09.17", "2019.9.1", "2019.09.147", False),  # another digit: a rival
        ("2021年11月12日", "2021年11月2日", "2021年11月2日", False),  # two views say 2
        ("2019.09.17", "2019.09.11", "2019.09.17", False),  # a digit changed, not lost
    ],
)
def test_lost_between(first, again, third, settled):
    assert _sticker_views.lost_between(first, again, third) is settled


ROWS = [("注册结论：不合格", (80, 100, 300, 140)), ("2019.09.17", (540, 160, 680, 200))]


def _settled(monkeypatch: pytest.MonkeyPatch, third: str):
    monkeypatch.setattr(_sticker_views, "third_text", lambda image, row: third)
    lines = [Line(t, 0.99, box) for t, box in ROWS]
    (s,) = group(lines)
    entry, _, _ = decode_sticker(s, 1)
    other = {**entry, "date": "2019-09-01"}
    again = [lines[0], Line("2019.9.1", 0.9, ROWS[1][1])]
    page = SimpleNamespace(second_view=np.full((300, 800, 3), 255, np.uint8))
    return entry, _sticker_views.settled(page, s, again, entry, other, "registrations[1]")


def test_a_second_reading_that_lost_digits_is_no_rival_when_the_third_holds_them(monkeypatch):
    entry, (other, notes) = _settled(monkeypatch, "2019.099.17m")
    assert entry["date"] == "2019-09-17" and other is not None and other["date"] == "2019-09-17"
    assert [(f.code, f.severity) for f in notes] == [("settled_reading", "note")]


def test_a_third_view_reading_another_digit_settles_nothing(monkeypatch):
    _, (other, notes) = _settled(monkeypatch, "2019.09.14m")
    assert other is not None and other["date"] == "2019-09-01" and not notes
