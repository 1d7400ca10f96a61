"""A certificate number left in doubt whose first reading is no number (a seal's stroke read
two digits as one, or as "/"): the clerk is shown the likeliest whole number some reading read
as it is, never accepted (hand-built readings, no OCR)."""

from __future__ import annotations

from datetime import date

from scanning._decide_field import prepare
from scanning._decide_review import decide
from scanning._ocr import Reading

TODAY = date(2026, 12, 4)
PRINTED = "19993701171085498"


def _sure(text: str, score: float) -> Reading:
    return Reading(text, score, tuple(((c, 0.99),) for c in text))


def _slash(text: str, at: int) -> Reading:
    """``text`` read with "/" at ``at``, its engine offering 7 and 6 there."""
    alts = tuple(((c, 0.99),) if i != at else (("/", 0.41), ("7", 0.18), ("6", 0.15))
                 for i, c in enumerate(text))
    return Reading(text, 0.968, alts)


def _decided(readings: list[Reading]):
    return decide(prepare("certificate_number", readings, TODAY), None, False)


def test_a_short_first_reading_gives_way_to_a_number_read_whole() -> None:
    v = _decided([_sure("1999361171085498", 0.99), _slash("19993/61171085498", 5),
                  Reading(PRINTED, 0.964)])
    assert v.value == PRINTED
    assert v.blocking and "ambiguous" in {f.code for f in v.findings}


def test_nothing_read_whole_shows_the_first_reading() -> None:
    v = _decided([_sure("1999361171085498", 0.99), _slash("19993/61171085498", 5)])
    assert v.value == "1999361171085498"
    assert v.blocking

