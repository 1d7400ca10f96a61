"""A hand-written date in Chinese numerals under a seal, its 日 read as a look-alike (百, 目)
and its year cut by the seal's ring into a piece of its own: still what is left of a date,
so it ends the entry above it (flagged, unreadable) and the next entry keeps its own date."""

from __future__ import annotations

from scanning._remark_remnant import remnant
from tests.scanning.test_remarks import TITLE, flags, ln, read


def _page(date_pieces: list) -> list:
    """Two entries, each date on a row of its own at the right under its text (as 0008 of
    the fifth generator's bitonal scans reads)."""
    return [
        TITLE,
        ln("出生日期更正为1965年3月14日，", 85, 178, 510, 42),
        ln("特此说明", 91, 230, 146, 43),
        *date_pieces,
        ln("经核实，持证人性别更正为“女”", 93, 360, 482, 45),
        ln("二〇二五年六月二十七日", 340, 413, 372, 45),
    ]


def test_a_date_whose_day_unit_came_back_a_look_alike_is_a_remnant():
    for piece in ("二七年八月三十百", "二〇一七年八月三十目", "七年八月三十曰"):
        assert remnant(piece), piece
    for piece in ("三十百", "八月百", "百", "一百", "二〇一七年八月三十日"):
        assert not remnant(piece), piece


def test_a_remnant_with_its_day_misread_ends_its_entry():
    lines = _page([ln("二七年八月三十百", 444, 256, 279, 78)])
    assert read(lines) == [
        (None, "出生日期更正为1965年3月14日，特此说明"),
        ("2025-06-27", "经核实，持证人性别更正为“女”"),
    ]
    first, second = flags(lines)
    assert "date_format annotations[0].date" in first and second == []


def test_a_year_piece_cut_off_by_the_ring_joins_its_remnant():
    # The ring cut 二 off the date's start: a box of numerals only on the remnant's row.
    lines = _page([ln("二", 383, 293, 27, 24), ln("二七年八月三十百", 444, 256, 279, 78)])
    assert read(lines) == [
        (None, "出生日期更正为1965年3月14日，特此说明"),
        ("2025-06-27", "经核实，持证人性别更正为“女”"),
    ]


def test_numerals_at_the_margin_stay_text():
    # A wrapped line of the text starts at the margin: its numerals are no date's remnant.
    lines = _page([ln("二", 91, 280, 27, 40)])
    assert len(read(lines)) == 1
