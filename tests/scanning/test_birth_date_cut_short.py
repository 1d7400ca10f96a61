"""A birth date read cut short at its end (1985年3月1 for 1985年3月12日: a seal took "2日"),
restored from the ID number's birth segment (hand-built readings, no OCR)."""

from __future__ import annotations

from scanning._birth_cut import cut_short
from scanning._ocr import Reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import ID, accepted, codes, flagged, run, with_check


def test_a_date_that_stops_on_a_digit_after_its_month_is_cut_short() -> None:
    assert cut_short("1967年2月2")
    assert cut_short("1985年03月1")
    assert not cut_short("1985年3月12日")  # whole
    assert not cut_short("1985年03月")  # no day at all: the older restoration's case
    assert not cut_short("1985.03.1")  # no 年/月 to show where the day ends


def test_birth_date_cut_short_is_restored_from_a_sure_id() -> None:
    # "1985年3月1" is a real date (1 March) yet the ID's segment says 1985-03-12.
    out = run(birth_date="1985年3月1")
    assert accepted(out["birth_date"], "1985-03-12")
    assert "corrected" in codes(out["birth_date"])
    assert accepted(out["id_number"], ID)


def test_birth_date_cut_short_stays_flagged_when_the_ids_day_is_doubted() -> None:
    # The ID's engine gave the day's last digit a real rival: the day rests on nothing sure.
    doubted = sure(ID, {13: ("8", 0.3)})
    out = run(birth_date="1985年3月1", id_number=[doubted, Reading(ID, 0.98, doubted.alternatives)])
    assert flagged(out["birth_date"])


def test_birth_date_cut_short_is_not_restored_from_an_id_of_another_month() -> None:
    other = with_check(ID[:10] + "04" + ID[12:])  # born 1985-04-12
    out = run(birth_date="1985年3月1", id_number=[sure(other), sure(other)])
    assert flagged(out["birth_date"]) or flagged(out["id_number"])
    assert out["birth_date"].value != "1985-04-12"
