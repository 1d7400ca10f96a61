"""A date under a grey seal whose year lost a digit in some reads (205年7月4日, glyphs
005年7月4日) is still proved by the re-reads when month and day agree and their characters
stand too close for a lost digit (no OCR run: the reads and glyph places are given)."""

from __future__ import annotations

from scanning._charbox import Glyph
from scanning._date_gaps import date_proved
from scanning._date_measure import placed
from scanning._info_seal import year_short
from scanning._seal_reread import agreed

# A real glyph read of 2005年7月4日 under a grey seal (third 0019): the year's 2 is lost.
GLYPHS = [Glyph("0", 268.0), Glyph("0", 279.7), Glyph("5", 292.1), Glyph("年", 306.5),
          Glyph("7", 328.3), Glyph("月", 342.5), Glyph("4", 362.8), Glyph("日", 380.6)]
READS = [("plain", "05年7月4日"), ("dark", "2005年7月4日"), ("dark", "205年7月4日7"),
         ("line", "2005年7月4日"), ("line", "2005年7月4日")]
VALUE = "2005-07-04"


def _shift(glyphs: list[Glyph], after: int, dx: float) -> list[Glyph]:
    return [Glyph(g.char, g.x + (dx if i > after else 0.0)) for i, g in enumerate(glyphs)]


def test_a_read_whose_year_lost_a_digit_but_spells_month_and_day_is_no_dissent() -> None:
    assert year_short("205年7月4日7", VALUE)  # the seal's lettering after 日
    assert year_short("205年07月04日", VALUE)
    assert not year_short("2005年7月4日", VALUE)  # whole: a read like any other
    assert not year_short("205年7月14日", VALUE)  # another day: a dissent
    assert not year_short("215年7月4日", VALUE)  # not the year with a digit lost


def test_month_and_day_placed_from_the_year_unit_show_no_lost_digit() -> None:
    closed = placed(GLYPHS, "2005年7月4日")
    assert closed is not None
    assert date_proved("2005年7月4日", list(range(10)), closed)


def test_room_for_a_digit_before_the_day_leaves_the_doubt() -> None:
    wide = _shift(GLYPHS, 5, 12.0)  # half an em more between 月 and 4: 7月14日 may be it
    closed = placed(wide, "2005年7月4日")
    assert closed is not None
    assert not date_proved("2005年7月4日", list(range(10)), closed)


def test_too_few_year_digits_placed_measure_nothing() -> None:
    assert placed(GLYPHS[1:], "2005年7月4日") is None  # one pair of digits: no em
    assert placed(GLYPHS, "2005年7月14日") is None  # the read does not place this text


def test_the_reads_prove_the_date_once_the_short_year_read_is_set_aside() -> None:
    measure = lambda text: placed(GLYPHS, text)  # noqa: E731
    assert agreed(READS, VALUE, measure) is None  # 205 is read as another year: no proof
    kept = [(k, t) for k, t in READS if not year_short(t, VALUE)]
    proof = agreed(kept, VALUE, measure)
    assert proof is not None and proof.measured
