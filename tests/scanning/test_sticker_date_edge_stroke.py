"""A date stamp's date read with the ring's edge as a leading "1" (12020.10.09).

A round date stamp (日戳) prints its date in a band that runs into the ring; the recogniser took
the ring's left edge for a "1" before the year (fourth generator 0007_phone: 12020.10.09 and
12025.08.25). Five digits are no year, so no date was found: the entries lost their decision
dates, and with them the rings that name their office were never read.
"""

from __future__ import annotations

import pytest

from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import _unringed, group

# fourth generator 0007_phone's registration page as read
_PAGE = [
    ("第一次注册", (65, 190, 147, 217)),
    ("注册合格", (186, 207, 317, 249)),
    ("注册结论：", (81, 216, 177, 250)),
    ("有效期：2020.10.16—2025.10.15", (83, 264, 491, 304)),
    ("12020.10.09", (513, 327, 655, 366)),
    ("定期注册", (541, 367, 631, 405)),
    ("第二次注册", (66, 482, 146, 506)),
    ("注册合格", (187, 499, 311, 538)),
    ("注册结论:", (84, 508, 178, 540)),
    ("有效期：2025.10.16—2030.10.15", (82, 553, 495, 595)),
    ("12025.08.25", (528, 610, 676, 658)),
    ("定期注册", (560, 655, 648, 695)),
    ("第三次注册", (66, 772, 146, 796)),
]


def test_a_ring_edge_before_the_year_leaves_the_decision_date():
    stickers = group([Line(t, 0.99, box) for t, box in _PAGE])
    got = [decode_sticker(s, i)[0] for i, s in enumerate(stickers)]
    assert [(e["valid_from"], e["date"]) for e in got] == [
        ("2020-10-16", "2020-10-09"), ("2025-10-16", "2025-08-25")]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("12020.10.09", "2020.10.09"),
        ("12014年7月3日", "2014年7月3日"),
        ("2020.10.09", "2020.10.09"),  # a date already: as read
        ("120201009", "120201009"),  # digits alone: a number, not a stroke and a date
        ("1202.10.09", "1202.10.09"),  # no year after the 1
        ("12020.13.09", "12020.13.09"),  # no real date after it either
    ],
)
def test_only_a_stroke_before_a_whole_date_is_dropped(text, kept):
    assert _unringed(Line(text, 0.99, (0, 0, 100, 20))).text == kept
