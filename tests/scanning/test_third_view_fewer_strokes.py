"""A third view does not overrule a reading of a date's digit with fewer strokes than the value's
(3 for 8): ink laid over the print (a bitonal scan's dithered seal) adds the strokes in every view
alike (fifth 0027_g4: 2011-03-20 read 2011-08-20 by two views and the third; hand-built
readings, no OCR)."""

from __future__ import annotations

from scanning._added_strokes import made_from
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._third_dissent import fewer_strokes
from scanning._validate import Value
from tests.scanning.test_decode import accepted, codes
from tests.scanning.test_third_view_day_lost import BOOKLET as DAY_LOST
from tests.scanning.test_third_view_day_lost import TODAY

BOOKLET = {**DAY_LOST, "issue_date": "2011-03-20"}


def _sure(text: str, score: float = 0.99) -> Reading:
    return Reading(text, score, tuple(((c, 1.0),) for c in text))


def _issue(readings: list[Reading], third: Reading) -> Value:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    return decode({**texts, "issue_date": readings}, TODAY,
                  third={"issue_date": lambda: third})["issue_date"]


def test_digits_strokes_can_make() -> None:
    assert made_from("8", "3") and made_from("4", "1") and made_from("9", "5")
    assert not made_from("3", "8") and not made_from("1", "7") and not made_from("8", "8")
    assert fewer_strokes([Reading("2011-03-20", 0.9)], "2011-08-20")
    assert fewer_strokes([Reading("2011年3月20日", 0.9)], "2011-08-20")
    assert not fewer_strokes([Reading("2011-01-20", 0.9)], "2011-08-20")  # 1 + strokes: no 8
    assert not fewer_strokes([Reading("2011-08-20", 0.9)], "2011-08-20")
    assert not fewer_strokes([Reading("2011-03-2", 0.9)], "2011-08-20")  # a digit lost


def test_third_view_does_not_overrule_a_reading_of_fewer_strokes() -> None:
    read = [_sure("2011-03-20"), _sure("2011-08-20", 0.98), _sure("2011-08-20", 0.97)]
    v = _issue(read, _sure("2011-08-20"))
    assert v.blocking and "view_checked" not in codes(v)


def test_third_view_still_overrules_a_reading_of_more_strokes() -> None:
    read = [_sure("2011-08-20"), _sure("2011-03-20", 0.98), _sure("2011-03-20", 0.97)]
    v = _issue(read, _sure("2011-03-20"))
    assert accepted(v, "2011-03-20") and "view_checked" in codes(v)
