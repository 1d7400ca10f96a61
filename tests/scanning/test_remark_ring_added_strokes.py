"""A grey seal's ring over a remark date's digit: only ink added can change a digit."""

from __future__ import annotations

from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._remark_ring import crossed_date
from scanning._seal_shape import Ring

RING = Ring(491.0, 514.0, 78.0)  # its right stroke runs at x 566-569 through the line
BOX = (467, 491, 701, 530)


def _placed(text: str) -> dict[tuple[int, int, int, int], tuple[Glyph, ...]]:
    # the sixth character (the month's first digit) at x 567, under the ring's stroke
    return {BOX: tuple(Glyph(ch, 489.5 + 15.5 * k) for k, ch in enumerate(text))}


def test_a_digit_no_digit_of_fewer_strokes_is_made_into_is_the_print_under_the_ring():
    # The 0 of 2015年01月23日: 11月 is a real date, but the ring's ink cannot take a 1's
    # place by making a 0 (s21 wide 0037, read right and sent to review).
    text = "2015年01月23日"
    assert not crossed_date([Line(text, 0.97, BOX)], [RING], _placed(text))


def test_a_digit_the_ring_could_have_made_from_one_of_fewer_strokes_stays_in_doubt():
    # The 8 of 2021年8月16日 may be a 3, 5, 6 or 9 the ring's stroke closed.
    text = "2021年8月16日"
    assert crossed_date([Line(text, 0.97, BOX)], [RING], _placed(text))
    # A 7 may be a 1 with the ring's stroke as its bar.
    text = "2021年7月16日"
    assert crossed_date([Line(text, 0.97, BOX)], [RING], _placed(text))


def test_a_zero_the_ring_could_have_closed_from_a_six_or_a_nine_stays_in_doubt():
    # 2021年7月20日 under the ring's stroke at its day's 0: 26日 or 29日 closed by the arc.
    text = "2021年7月20日"
    placed = {BOX: tuple(Glyph(ch, 567 - 15.5 * 8 + 15.5 * k) for k, ch in enumerate(text))}
    assert crossed_date([Line(text, 0.97, BOX)], [RING], placed)
