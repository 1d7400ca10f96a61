"""A third view does not confirm an issue date's day that a reading lost a digit of: what hid
that digit from one view (a seal's ring) is over the print every view reads (hand-built
readings, no OCR)."""

from __future__ import annotations

from datetime import date

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._third_dissent import day_digit_lost
from scanning._validate import Value
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "孔煜骞", "gender": "女", "birth_date": "1985年03月23日",
    "id_number": "361123198503233424", "qualification_type": "初级中学教师资格",
    "subject": "英语", "certificate_number": "20113631932341227",
    "issuing_authority": "江西省教育厅", "issue_date": "2011年04月13日",
}  # fmt: skip


def _sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 1.0),) for c in text))


def _issue(readings: list[Reading], third: Reading) -> Value:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    return decode({**texts, "issue_date": readings}, TODAY,
                  third={"issue_date": lambda: third})["issue_date"]


def test_a_day_with_a_digit_lost_is_recognised() -> None:
    assert day_digit_lost("20月1年04月1日", "2011-04-13")  # second 0031 (15 under a seal)
    assert day_digit_lost("2011年04月3日", "2011-04-13")
    assert not day_digit_lost("2011年04月13日", "2011-04-13")
    assert not day_digit_lost("2011年04月5日", "2011-04-05")  # uneven padding: not this rule
    assert not day_digit_lost("2011年04月7日", "2011-04-13")  # another digit: a dissent


def test_third_view_confirms_a_day_no_reading_lost_a_digit_of() -> None:
    read = [_sure("2011年04月13日"), _sure("2011年04月13日"), _sure("2011年04月13日")]
    v = _issue(read, _sure("2011年04月13日"))
    assert accepted(v, "2011-04-13")


def test_third_view_does_not_confirm_a_day_a_reading_lost_a_digit_of() -> None:
    read = [_sure("20月1年04月1日"), _sure("2011年04月13日"), _sure("2011年04月13日")]
    v = _issue(read, _sure("2011年04月13日"))
    assert v.blocking and "unconfirmed" in codes(v) and "view_checked" not in codes(v)
