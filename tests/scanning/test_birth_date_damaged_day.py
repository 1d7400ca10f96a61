"""A birth date whose day is damaged past reading, digits and marks mixed (1963年2月民2关:满族:
the ethnicity's print over it): the ID number's date is offered, always flagged, when year
and month agree with it (hand-built readings, no OCR)."""

from __future__ import annotations

from scanning._birth_from_id import year_month_read
from scanning._ocr import Reading
from tests.scanning.test_decode import ID, accepted, flagged, run


def _reads(*texts: str) -> list[Reading]:
    return [Reading(t, 0.95 - 0.01 * i) for i, t in enumerate(texts)]


def test_a_reading_starting_with_a_whole_year_and_month_gives_them() -> None:
    assert year_month_read("1963年2月民2关:满族") == (1963, 2)
    assert year_month_read("1963.02.民2") == (1963, 2)
    assert year_month_read("1963年1民2") is None  # 1 may be the start of 10, 11 or 12
    assert year_month_read("1963年13月2日") is None


def test_a_damaged_day_is_offered_from_a_sure_id_and_flagged() -> None:
    # fifth s22 0021: the readings keep the year and month, the day is under 民 and 关.
    out = run(birth_date=_reads("1985年3月民2关:满族", "1985年3月民关:满族", "1985年3月民2关:满族"))
    v = out["birth_date"]
    assert v.value == "1985-03-12" and flagged(v)
    assert [f.code for f in v.findings] == ["suggested"]
    assert accepted(out["id_number"], ID)


def test_a_damaged_day_of_another_month_than_the_ids_offers_nothing() -> None:
    out = run(birth_date=_reads("1985年4月民2关:满族", "1985年4月民关:满族"))
    assert out["birth_date"].value is None and flagged(out["birth_date"])


def test_one_reading_of_another_month_offers_nothing() -> None:
    out = run(birth_date=_reads("1985年3月民2关:满族", "1985年8月民关:满族"))
    assert out["birth_date"].value is None
