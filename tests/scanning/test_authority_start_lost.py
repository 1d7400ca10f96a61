"""An authority read sure of its end but without its start (市大城县教育局: the prefecture's
name lost at the box's left edge) is shown as the one authority that ends so, still flagged:
which office it is, the clerk confirms. Hand-built readings, no OCR."""

from __future__ import annotations

from datetime import date

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._views import views

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "陶浩", "gender": "男", "birth_date": "1980年04月24日",
    "id_number": "110108198004245557", "qualification_type": "小学教师资格",
    "subject": "美术", "certificate_number": "20041318621047801",
    "issue_date": "2004年07月22日",
}  # fmt: skip


def _authority(read: str) -> Value:
    texts = {k: views(Reading(t, 0.99), 2) for k, t in BOOKLET.items()}
    readings = views(Reading(read, 0.99), 3)
    return decode({**texts, "issuing_authority": readings}, TODAY)["issuing_authority"]


def test_a_name_read_without_its_start_shows_the_one_name_ending_so() -> None:
    v = _authority("市大城县教育局")
    assert v.value == "廊坊市大城县教育局" and v.blocking


def test_an_end_many_names_share_shows_the_reading() -> None:
    v = _authority("城县教育局")
    assert v.value == "城县教育局" and v.blocking


def test_a_reading_that_is_a_name_itself_is_not_lengthened() -> None:
    v = _authority("大城县教育局")
    assert v.value == "大城县教育局"
