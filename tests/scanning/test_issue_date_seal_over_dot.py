"""A dotted issue date a seal lies over: its legend read after the day and one of its
characters in a dot's place (2008.10数06资格认定专用章 for 2008.10.06)."""

from __future__ import annotations

from datetime import date

from core.rules import Finding
from scanning._date_repair import dates_of, suggest, suggestion
from scanning._date_rules import cut_date_tail
from scanning._ocr import Reading
from scanning._validate import Value

TODAY = date(2026, 12, 4)


def test_a_seal_legend_after_a_dotted_date_is_cut() -> None:
    assert cut_date_tail(Reading("2008.10数06资格认定专用章", 0.9)).text == "2008.10数06"
    assert cut_date_tail(Reading("2020.10.07专用章", 0.9)).text == "2020.10.07"
    assert cut_date_tail(Reading("资格认定专用章", 0.9)).text == "资格认定专用章"  # no date


def test_a_seal_character_in_a_dots_place_leaves_the_whole_date() -> None:
    assert dates_of("2008.10数06", TODAY, "2008") == {"2008-10-06"}
    assert dates_of("2008-10数06", TODAY, None) == {"2008-10-06"}


def test_the_dot_read_whole_decides_a_reading_that_lost_its_dot() -> None:
    # 2008.1006 alone may be 10-06, 10-16, 10-26 or 01-06; the reading with the seal's
    # character in the dot's place reads four, two and two digits: one date.
    assert suggestion(["2008.1006"], TODAY, "2008") is None
    assert suggestion(["2008.10数06", "2008.1006"], TODAY, "2008") == "2008-10-06"


def test_the_readings_one_date_is_suggested_before_the_decoders_likeliest() -> None:
    # The decoder, reading 2008.1006 as 2008.1.06, ranked 2008-01-06 first; the readings
    # leave one date whole, and that is the one shown (still flagged).
    ranked = {"candidates": [["2008-01-06", 0.95], ["2008-02-06", 0.02]]}
    issue = Value(None, 0.3, [Finding("ambiguous", "issue_date", "…", "warning", ranked)])
    values = {"issue_date": issue}
    texts = ["2008.10数06资格认定专用章", "2008.1006"]
    suggest({"issue_date": [Reading(t, 0.9) for t in texts]}, values, TODAY)
    assert issue.value == "2008-10-06" and issue.blocking
