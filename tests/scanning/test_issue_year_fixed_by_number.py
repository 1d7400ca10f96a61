"""The certificate number's year, read surely by distinct readings, proves the issue date's
year (year of grant = digits 1–4): a third view of the date then vouches for its month and day
even when its engine doubted a year digit (a 100 dpi greyscale scan's 2 at 0.85 beside 8).
Hand-built readings, no OCR."""

from __future__ import annotations

from datetime import date

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._views import doubting
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "孔煜骞", "gender": "女", "birth_date": "1985年03月23日",
    "id_number": "361123198503233424", "qualification_type": "初级中学教师资格",
    "subject": "英语", "certificate_number": "20243631932341227",
    "issuing_authority": "江西省教育厅", "issue_date": "2024.03.13",
}  # fmt: skip
CERT = BOOKLET["certificate_number"]


# The date read once in doubt of its day's last digit (3 at 0.90, 8 and 9 beside it) …
DOUBTED_DAY = doubting("2024.03.13", 0.95, {9: (("3", 0.9), ("8", 0.04), ("9", 0.03))})
# … and by the third view sure of month and day, less so of the year's first digit.
THIRD = doubting("2024.03.13", 0.97, {0: (("2", 0.85), ("8", 0.03), ("0", 0.03))})


def _issue(cert: list[Reading]) -> Value:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    readings = {**texts, "certificate_number": cert, "issue_date": [DOUBTED_DAY]}
    return decode(readings, TODAY, third={"issue_date": lambda: THIRD})["issue_date"]


def test_a_sure_number_year_lets_the_third_view_confirm_month_and_day() -> None:
    cert = [doubting(CERT, 0.999, {}), doubting(CERT, 0.998, {})]
    v = _issue(cert)
    assert accepted(v, "2024-03-13") and "view_checked" in codes(v)


def test_a_number_year_read_unsure_leaves_the_year_digit_in_doubt() -> None:
    cert = [doubting(CERT, 0.999, {1: (("0", 0.8), ("8", 0.2))}), doubting(CERT, 0.998, {})]
    v = _issue(cert)
    assert v.blocking and "unconfirmed" in codes(v)
