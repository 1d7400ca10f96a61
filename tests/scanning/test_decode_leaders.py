"""Dot leaders a form prints between a label and its value, read before the value (……5132…):
the value is read as it is, and such readings confirm it (hand-built readings, no OCR)."""

from __future__ import annotations

from datetime import date

from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 4)
# A 新疆 (65) booklet of 2017: type 3, gender digit 2 (female); ID of 四川 (51).
BOOK = {
    "name": "李娜", "gender": "女", "birth_date": "1963年04月12日",
    "id_number": "513232196304126406", "qualification_type": "初级中学教师资格",
    "subject": "数学", "certificate_number": "20176503732020234",
    "issuing_authority": "新疆维吾尔自治区教育厅", "issue_date": "2017年06月30日",
}


def decode_book(top: float = 0.96, **fields: list[str]) -> dict:
    """BOOK decoded, each field read alike twice except ``fields``, read as listed from a score
    of ``top`` down (distinct views: identical readings count once)."""
    readings = {k: [Reading(v, 0.97), Reading(v, 0.96)] for k, v in BOOK.items()}
    readings.update({k: [Reading(t, top - 0.005 * i) for i, t in enumerate(v)]
                     for k, v in fields.items()})
    return decode(readings, TODAY)



def test_an_id_read_after_dot_leaders_is_read_as_it_is() -> None:
    out = decode_book(
        id_number=["……513232196304126406", "…513232196304126406", "…513232196304126406"])
    assert accepted(out["id_number"], "513232196304126406")
    assert "misprint" not in codes(out["id_number"])


def test_readings_after_dot_leaders_confirm_a_number() -> None:
    number = "20176503732020234"
    out = decode_book(certificate_number=[number, "…" + number, "…" + number])
    assert accepted(out["certificate_number"], number)
    assert "unconfirmed" not in codes(out["certificate_number"])


def test_a_date_after_dot_leaders_is_read() -> None:
    out = decode_book(issue_date=["……2017年06月30日", "…2017年06月30日"])
    assert accepted(out["issue_date"], "2017-06-30")
