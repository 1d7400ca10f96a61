"""A grey seal's ring stroke down one half of a date's digit: only strokes on that half count."""

from __future__ import annotations

from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._remark_ring import crossed_date
from scanning._seal_shape import Ring

# Read from a booklet (greyscale tif): the ring's right stroke runs at x 619-623 down the
# right half of the 6 of 2010年12月6日 (its centre at x 611, em 30).
RING = Ring(523.4, 274.7, 99.2)
BOX = (458, 249, 648, 299)


def _placed(text: str, at: float) -> dict[tuple[int, int, int, int], tuple[Glyph, ...]]:
    """``text``'s glyphs 15 px apart, its one-but-last character centred at ``at``."""
    first = at - 15 * (len(text) - 2)
    return {BOX: tuple(Glyph(ch, first + 15 * k) for k, ch in enumerate(text))}


def test_a_ring_down_the_right_half_of_a_six_cannot_have_made_it_from_a_five():
    # A 5 differs from a 6 at its lower left, which the ring missed.
    text = "2010年12月6日"
    assert not crossed_date([Line(text, 0.97, BOX)], [RING], _placed(text, 611))


def test_must_still_flag_a_six_the_ring_runs_down_the_left_half_of():
    # The same stroke down the 6's left half may be the stroke that closed a 5.
    text = "2010年12月6日"
    assert crossed_date([Line(text, 0.97, BOX)], [RING], _placed(text, 631))


def test_must_still_flag_a_digit_the_ring_runs_through_the_middle_of():
    text = "2010年12月6日"
    assert crossed_date([Line(text, 0.97, BOX)], [RING], _placed(text, 620))


def test_must_still_flag_an_eight_whatever_half_the_ring_runs_down():
    # An 8 is a 5 or a 0 with strokes on both halves, a 6 with its upper right closed.
    text = "2010年12月8日"
    assert crossed_date([Line(text, 0.97, BOX)], [RING], _placed(text, 611))
