"""Remark entries that must be flagged rather than read with a character or a digit lost."""

from __future__ import annotations

from scanning._agree import settle_date
from scanning._charbox import Glyph
from scanning._ocr import Line, Reading
from scanning._remark_ring import crossed_date
from scanning._remarktext import choose
from scanning._seal_shape import Ring
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


def _glyphs(text: str, x0: float, step: float) -> tuple[Glyph, ...]:
    return tuple(Glyph(ch, x0 + step * k) for k, ch in enumerate(text))


def test_a_date_digit_a_grey_seal_ring_runs_through_is_flagged_even_when_readings_agree():
    # 2015年8月5日 read 2016年8月5日 in every reading: the ring closed the 5 into a 6.
    date = Line("2016年8月5日", 0.97, (467, 491, 701, 530))
    ring = Ring(491.0, 514.0, 78.0)  # its right stroke runs at x 566-569 through the year
    placed = {date.box: _glyphs("2016年8月5日", 528, 15.5)}  # 6 at x 574.5
    assert crossed_date([date], [ring], placed)
    # The stroke through the year's 0 (2012年: no other digit there is a year) proves nothing.
    other = Line("2012年11月16日", 0.97, (373, 289, 709, 354))
    placed = {other.box: _glyphs("2012年11月16日", 518, 18)}  # 0 at x 536
    assert not crossed_date([other], [Ring(433.0, 287.0, 95.0)], placed)
    # Far from the ring, nothing.
    assert not crossed_date([date], [Ring(100.0, 100.0, 50.0)], {})
