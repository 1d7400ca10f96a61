"""An issue date whose written year a seal's stroke turned into a non-numeral (二〇千二年) is
suggested, flagged, with the certificate number's year when the year's other numerals are
its digits; a reading another reading continues is that print cut short (no OCR)."""

from __future__ import annotations

from datetime import date

from scanning._date_repair import dates_of, suggestion

TODAY = date(2026, 1, 1)


def test_the_numbers_year_stands_for_the_one_stray_character() -> None:
    assert dates_of("二〇千二年十二月二十八日", TODAY, "2022") == {"2022-12-28"}
    assert dates_of("2千22年12月28日", TODAY, "2022") == {"2022-12-28"}


def test_no_year_when_the_rest_disagrees_or_two_are_stray_or_no_number() -> None:
    assert dates_of("二一千二年十二月二十八日", TODAY, "2022") == set()
    assert dates_of("二〇千千年十二月二十八日", TODAY, "2022") == set()
    assert dates_of("二〇千二年十二月二十八日", TODAY, None) == set()


def test_a_reading_cut_short_leaves_no_date_of_its_own() -> None:
    texts = ["二〇千二年十二月二十", "二〇千二年十二月二十八日", "二〇千二年十二月二十八日"]
    assert suggestion(texts, TODAY, "2022") == "2022-12-28"
    assert suggestion(["2009.12.2", "2009.12.21"], TODAY, "2009") == "2009-12-21"


def test_a_whole_year_is_not_taken_for_what_is_left_of_a_hidden_one() -> None:
    assert dates_of("2007.11", TODAY, "2007") == set()  # not 2007-07-11: the day is lost
    assert dates_of("20803.03", TODAY, "2007") == {"2007-03-03"}
