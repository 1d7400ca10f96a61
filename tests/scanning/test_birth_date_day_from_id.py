"""A birth date whose day was not read (a neighbouring field's print or a seal over it) or
whose dotted form lost its end, taken from the ID number's birth segment (hand-built readings,
no OCR)."""

from __future__ import annotations

from scanning._birth_from_id import day_unread
from scanning._ocr import Reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import ID, accepted, codes, flagged, run, with_check


def test_a_reading_that_shows_year_and_month_then_no_digit_has_its_day_unread() -> None:
    assert day_unread("1967年4月艮胸:满族") == (1967, 4)
    assert day_unread("1985年11展):日汉族") == (1985, 11)  # two digits: the month is whole
    assert day_unread("1985年1展):日汉族") is None  # 1 may be the start of 10, 11 or 12
    assert day_unread("1985年3月12日") is None  # whole
    assert day_unread("1985年3月1") is None  # a digit of the day shows: cut short, not unread
    assert day_unread("1985年03月") is None  # printed without its day: _birth_month's case
    assert day_unread("1967.4.艮胸") == (1967, 4)  # dotted: the month ends at its dot
    assert day_unread("1967.04艮胸") == (1967, 4)
    assert day_unread("1967.04.") is None
    assert day_unread("1967.4艮胸") is None


def test_birth_date_with_its_day_unread_takes_the_day_from_a_sure_id() -> None:
    out = run(birth_date="1985年3月艮胸:汉族")
    assert accepted(out["birth_date"], "1985-03-12")
    assert "corrected" in codes(out["birth_date"])
    assert accepted(out["id_number"], ID)


def test_birth_date_with_its_day_unread_stays_flagged_when_the_ids_day_is_doubted() -> None:
    doubted = sure(ID, {13: ("8", 0.3)})
    out = run(birth_date="1985年3月艮胸:汉族",
              id_number=[doubted, Reading(ID, 0.98, doubted.alternatives)])
    assert flagged(out["birth_date"])


def test_birth_date_with_its_day_unread_is_not_taken_from_an_id_of_another_month() -> None:
    other = with_check(ID[:10] + "04" + ID[12:])  # born 1985-04-12
    out = run(birth_date="1985年3月艮胸:汉族", id_number=[sure(other), sure(other)])
    assert flagged(out["birth_date"])
    assert out["birth_date"].value != "1985-04-12"


def test_dotted_birth_date_that_lost_its_end_takes_the_ids_date_but_stays_flagged() -> None:
    # 1985.3.1 is a whole dotted date too (1 March): whether the print lost its end or
    # differs from the ID no form shows, so the ID's date is shown and a person checks it.
    out = run(birth_date="1985.3.1")
    assert out["birth_date"].value == "1985-03-12"
    assert flagged(out["birth_date"])
    assert "id_birth_date_mismatch" not in codes(out["id_number"])


def test_dotted_birth_date_of_another_day_keeps_both_fields_flagged() -> None:
    out = run(birth_date="1985.3.2")
    assert out["birth_date"].value == "1985-03-02"
    assert "id_birth_date_mismatch" in codes(out["birth_date"])
