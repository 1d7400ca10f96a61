"""A certificate number's province digit read as another (63 for 61) where the engine offered
the authority's digit, while the authority (陕西省教育厅) is read surely by two views: the
province rule proves the digit, the number is corrected (a note) instead of the whole group
going to review as a conflict. Hand-built readings, no OCR."""

from __future__ import annotations

from datetime import date

from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning._views import doubting, views
from tests.scanning.test_decode import codes, corrected

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "贾佑海", "gender": "女", "birth_date": "1995年07月31日",
    "id_number": "610831199507313827", "qualification_type": "中等职业学校教师资格",
    "subject": "护理", "issue_date": "2017年05月27日",
}  # fmt: skip
READ = "20176300052837519"  # the province digits 61 read 63
VALUE = "20176100052837519"


def _decode(offered: float, authority: list[Reading]) -> dict[str, object]:
    texts = {k: views(Reading(t, 0.99), 2) for k, t in BOOKLET.items()}
    doubt = {5: (("3", 1.0 - offered), ("1", offered))} if offered else {}
    number = [doubting(READ, 0.97, doubt), doubting(READ, 0.96, doubt)]
    return decode({**texts, "certificate_number": number, "issuing_authority": authority},
                  TODAY)  # type: ignore[return-value]


def test_a_province_digit_the_engine_doubted_is_corrected_by_a_sure_authority() -> None:
    out = _decode(0.4, views(Reading("陕西省教育厅", 0.99), 2))
    assert corrected(out["certificate_number"], VALUE)  # type: ignore[arg-type]


def test_a_province_digit_read_without_doubt_stays_a_conflict() -> None:
    out = _decode(0.0, views(Reading("陕西省教育厅", 0.99), 2))
    assert "conflict" in codes(out["certificate_number"])  # type: ignore[arg-type]


def test_an_authority_read_once_fixes_no_digit() -> None:
    out = _decode(0.4, [Reading("陕西省教育厅", 0.99)])
    assert "conflict" in codes(out["certificate_number"])  # type: ignore[arg-type]
