"""A third view does not overrule a sure reading of a date that holds one character more than
the value (十一日 where the re-reads and the third view read 十日): a lost character is shared
by every view of the same print, a sure character read where none was printed is rare.
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
    "subject": "英语", "certificate_number": "20113631932341227",
    "issuing_authority": "江西省教育厅",
}  # fmt: skip
SHORT = "二〇一一年十二月十日"


def _issue(first: Reading) -> Value:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    merged = {8: (("十", 0.86), ("一", 0.11))}  # the re-reads doubt 十: 十一 merged
    readings = [first, doubting(SHORT, 0.98, merged), doubting(SHORT, 0.96, merged)]
    third = doubting(SHORT, 0.99, {})
    return decode({**texts, "issue_date": readings}, TODAY,
                  third={"issue_date": lambda: third})["issue_date"]


def test_a_sure_reading_with_one_numeral_more_keeps_the_date_in_review() -> None:
    v = _issue(doubting("二〇一一年十二月十一日", 0.998, {}))
    assert v.blocking and "view_checked" not in codes(v)


def test_a_third_view_still_confirms_when_no_reading_holds_more() -> None:
    v = _issue(doubting(SHORT, 0.998, {}))
    assert accepted(v, "2011-12-10")
