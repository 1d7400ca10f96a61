"""The label's 期 before a date whose year lost a digit (期198-05-04 for 1998-05-04, fourth
0034 on a bitonal scan) is no part of it: cut, so the restorer completes the year from the
certificate number's; a head that may be a misread digit of the year (期015年: 2015) is kept.
Hand-built readings, no OCR."""

from __future__ import annotations

from datetime import date

from scanning._date_rules import tidy_date
from scanning._decide import decode
from scanning._ocr import Reading

BOOKLET = {
    "name": "孔煜骞", "gender": "女", "birth_date": "1974年10月23日",
    "id_number": "361123197410233424", "qualification_type": "初级中学教师资格",
    "subject": "英语", "certificate_number": "19983615030050191",
    "issuing_authority": "江西省教育厅",
}  # fmt: skip


def _cut(text: str) -> str:
    return tidy_date(Reading(text, 0.9)).text


def test_head_before_a_short_year_is_cut_only_when_it_hides_no_digit() -> None:
    assert _cut("期198-05-04") == "198-05-04"  # no digit before 198 makes a year
    assert _cut("期015年3月1日") == "期015年3月1日"  # 2015: 期 may be its 2
    assert _cut("期998-05-04") == "期998-05-04"  # 1998: 期 may be its 1


def test_issue_date_with_label_head_and_lost_year_digit_is_restored_flagged() -> None:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    read = ["198-05-04", *["期198-05-04"] * 4]
    texts["issue_date"] = [Reading(t, 0.95, tuple(((c, 1.0),) for c in t)) for t in read]
    v = decode(texts, date(2026, 12, 5))["issue_date"]
    assert v.value == "1998-05-04"
    assert v.blocking  # restored, not read: still for a person to confirm
