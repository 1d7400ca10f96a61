"""A certificate number not read as a number checks nothing: the issue date, whose year it
carries, is flagged when its own readings and a third view settled it alone, as the birth date
is when the ID number was not read. A 120 dpi, JPEG-40 greyscale page read 2000.7.24 for
2007.7.24 in three readings and the third view, its number read 20071261±44478: the booklet
went to review for the number, and nothing named the wrong date."""

from __future__ import annotations

from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning.test_decide_authority import JX, TODAY

# that page's readings, the year made 2023 for this record
UNREAD = ["20231261±44478", "202312制478", "202312制1478", "000264044787", "0074264044789"]
DATE = ["2023.8.29", ".8.29", ".8.29", "2023.8.29", "2023.8.29"]


def _issue_date(numbers: list[str], ident: list[str] | None = None) -> list[tuple[str, object]]:
    readings = {k: [Reading(v, 0.98), Reading(v, 0.97)] for k, v in JX.items()}
    readings["certificate_number"] = [Reading(t, 0.97) for t in numbers]
    readings["issue_date"] = [Reading(t, 0.97) for t in DATE]
    if ident is not None:
        readings["id_number"] = [Reading(t, 0.97) for t in ident]
    out = decode(readings, TODAY, third={"issue_date": lambda: Reading("2023.8.29", 0.99)})
    return [(f.code, f.evidence.get("rule")) for k in ("issue_date", "birth_date")
            for f in out[k].findings if f.blocking]  # fmt: skip


def test_an_unread_certificate_number_leaves_the_issue_date_flagged():
    assert ("unconfirmed", "证书号码年份") in _issue_date(UNREAD)


def test_a_read_certificate_number_leaves_the_issue_date_settled():
    assert _issue_date([JX["certificate_number"]] * 2) == []


def test_an_unread_id_number_still_leaves_the_birth_date_flagged():
    found = _issue_date([JX["certificate_number"]] * 2, ["36112320010716342", "3611232001071634"])
    assert ("unconfirmed", "身份证号码出生日期段") in found
