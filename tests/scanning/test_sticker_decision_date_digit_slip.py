"""A decision date read as no date because one digit was read as another (2025.41.20).

Fifth generator 0016_open: 注册日期 2025.11.20 read 2025.41.20, no real date, and the entry was
flagged though the page prints it plainly. The first reading offers no rival (it is no date);
when the second reading and a third view of the row's own box agree on one date that differs
from it in that one digit only, the date is taken with a note. Anything more changed stays
unread.
"""

from __future__ import annotations

import pytest

from scanning import _sticker_views
from tests.scanning.test_date_stamp_entries import _lost as _read


def test_a_digit_read_as_another_is_settled_by_two_views_that_agree():
    s, notes = _read("注册日期：2025.41.20", "注册日期：2025.11.20")
    assert s.date is not None and s.date.value == "2025-11-20"
    assert [(f.code, f.severity) for f in notes] == [("settled_reading", "note")]


@pytest.mark.parametrize(
    ("first", "printed"),
    [
        ("注册日期：2025.41.21", "注册日期：2025.11.20"),  # two digits other
        ("注册日期：2025.41.20", "注册日期：2025.12.20"),  # the views differ elsewhere
        ("注册日期：2025.41.20", None),  # the views read nothing
    ],
)
def test_more_than_one_digit_apart_stays_unread(first, printed):
    s, notes = _read(first, printed)
    assert s.date is not None and s.date.value is None and not notes


@pytest.mark.parametrize(
    ("bad", "good", "slipped"),
    [
        ("2025.41.20", "2025.11.20", True),
        ("2025.41.20", "2025/11.20", False),  # a mark changed too
        ("2025.4.20", "2025.11.20", False),  # a digit lost: not this rule
    ],
)
def test_slipped(bad, good, slipped):
    assert _sticker_views._slipped(bad, good) is slipped
