"""Dates whose month and day are padded unevenly (2015年07月1日): a digit may be lost, and
what is left is still a real date no other field can doubt (``_date_pad``)."""

from __future__ import annotations

from scanning._date_pad import flag_uneven, uneven
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning.test_decode import accepted, codes, flagged, run


def _each(*texts: str) -> list[Reading]:
    return [Reading(t, 0.99 - 0.005 * i) for i, t in enumerate(texts)]  # distinct views


def test_uneven_padding_is_seen_in_every_written_form():
    assert uneven("2015年07月1日") and uneven("2015.07.1") and uneven("2015-7-01")
    assert not uneven("2015年07月01日") and not uneven("2015年7月1日")
    assert not uneven("2015年10月1日")  # 10 is two digits, not padding
    assert not uneven("不是日期")


def test_issue_date_read_alike_with_a_digit_lost_is_flagged():
    # Printed 2015年07月11日; every reading lost one 1 and says 2015年07月1日 — a real date.
    # Two values fit (07-01, 07-1x): the field goes to review instead of taking 07-01.
    out = run(issue_date=_each("2015年07月1日", "2015年07月1日", "2015年07月1日"))
    v = out["issue_date"]
    assert flagged(v) and "unconfirmed" in codes(v)
    assert any(f.evidence.get("rule") == "日期补零不一致" for f in v.findings)


def test_one_reading_written_evenly_clears_the_doubt():
    out = run(issue_date=_each("2015年07月1日", "2015年07月01日", "2015年07月01日"))
    assert accepted(out["issue_date"], "2015-07-01")


def test_evenly_unpadded_dates_are_accepted():
    out = run(issue_date=_each("2015年7月1日", "2015年7月1日"))
    assert accepted(out["issue_date"], "2015-07-01")


def test_birth_date_proved_by_the_id_number_is_left_alone():
    # 1985年03月2日 read alike: the ID's birth segment 19850302, read surely, proves it.
    readings = {"birth_date": _each("1985年03月2日", "1985年03月2日")}
    proved = {"id_number": Value("420106198503021338", 0.99, []),
              "birth_date": Value("1985-03-02", 0.99, [])}
    flag_uneven(readings, proved)
    assert not proved["birth_date"].blocking
    alone = {"birth_date": Value("1985-03-02", 0.99, [])}
    flag_uneven(readings, alone)
    assert alone["birth_date"].blocking
