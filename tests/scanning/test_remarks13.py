"""Remark entries that must be flagged rather than read with a character or a digit lost."""

from __future__ import annotations

from scanning._agree import settle_date
from scanning._ocr import Line, Reading
from scanning._remarktext import choose
from tests.scanning.test_remarks import TITLE, flags, ln, read


def test_a_dot_between_two_characters_is_kept_and_flagged_not_dropped_as_a_seal_speck():
    # A hand-written comma read without its tail is a dot: dropping it would lose the comma.
    lines = [TITLE, ln("经核实·身份证件号码已更正", 60, 120), ln("2024年3月12日", 600, 165, 250)]
    assert read(lines) == [("2024-03-12", "经核实·身份证件号码已更正")]
    assert flags(lines) == [["annotation_text annotations[0].text"]]
    # A speck at a line's end is still the seal's.
    lines = [TITLE, ln("证书遗失，予以补发·", 60, 120), ln("2024年3月12日", 600, 165, 250)]
    assert read(lines) == [("2024-03-12", "证书遗失，予以补发")]


def _sure(text: str) -> Reading:
    return Reading(text, 0.97)


def test_the_page_order_settles_no_date_whose_readings_differ_in_more_than_one_digit():
    # 2094年3月12日 / 2024年2月2日 for 2024年3月12日: only one fits the order, yet both are wrong.
    c = choose([_sure("2094年3月12日"), _sure("2024年2月2日")])
    assert c.about == "date" and c.doubt
    line = [(Line(c.text, 0.97, (100, 100, 300, 130)), c)]
    [(_, kept)], notes = settle_date(line, ("2006-01-29", "2026-12-05"))
    assert kept.doubt and notes == []
