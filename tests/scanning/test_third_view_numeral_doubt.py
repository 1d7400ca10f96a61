"""A third view confirms a date written in Chinese numerals only when it is sure of its
numerals: a runner-up numeral (五 at 20 % beside 三) is as much a doubt as a runner-up digit.
Hand-built readings, no OCR."""

from __future__ import annotations

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._views import doubting
from tests.scanning.test_decode import accepted, codes
from tests.scanning.test_third_view_one_char_more import BOOKLET, TODAY  # the same booklet

DATE = "二〇一一年十二月二十三日"
DAY = 10  # the 三 of 二十三


def _issue(third: Reading) -> Value:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    doubted = {DAY: (("三", 0.85), ("五", 0.12))}  # the re-reads doubt the day's last numeral
    readings = [doubting(DATE, 0.97, doubted), doubting(DATE, 0.96, doubted)]
    return decode({**texts, "issue_date": readings}, TODAY,
                  third={"issue_date": lambda: third})["issue_date"]


def test_a_third_view_doubting_a_numeral_confirms_nothing() -> None:
    v = _issue(doubting(DATE, 0.95, {DAY: (("三", 0.58), ("五", 0.2))}))
    assert v.blocking and "view_checked" not in codes(v)


def test_a_third_view_sure_of_its_numerals_confirms() -> None:
    v = _issue(doubting(DATE, 0.99, {1: (("〇", 0.98), ("○", 0.02))}))
    assert accepted(v, "2011-12-23") and "view_checked" in codes(v)
