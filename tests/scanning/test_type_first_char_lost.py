"""A qualification type read with its first character lost (学教师资格: a dotted leader or the
box's edge took 小) is the one form it is the end of, when only one form is one character
longer; the certificate number's type digit still has the last word."""

from __future__ import annotations

from datetime import date

from scanning import _vocab
from scanning._decide import decode
from scanning._ocr import Reading

TODAY = date(2026, 1, 1)


def _decode(qtype: str, cert: str) -> dict[str, object]:
    def two(text: str) -> list[Reading]:
        return [Reading(text, 0.99), Reading(text, 0.98)]

    out = decode({
        "gender": two("男"), "birth_date": two("1996年01月28日"),
        "id_number": two("120105199601282898"), "qualification_type": two(qtype),
        "certificate_number": two(cert), "issuing_authority": two("河北区教育局"),
        "issue_date": two("2017年11月25日"),
    }, today=TODAY)  # fmt: skip
    return {k: (v.value, v.blocking) for k, v in out.items()}


def test_a_type_missing_its_first_character_is_the_one_form_it_ends() -> None:
    assert _vocab.near_types("学教师资格") >= {"小学教师资格"}
    got = _decode("学教师资格", "20171213421355201")  # digit 10: 2 (小学)
    assert got["qualification_type"] == ("小学教师资格", False)
    got = _decode("等职业学校实习指导教师资格", "20171213461355201")
    assert got["qualification_type"] == ("中等职业学校实习指导教师资格", False)


def test_a_type_digit_that_disagrees_keeps_the_cut_read_in_review() -> None:
    got = _decode("学教师资格", "20171213431355201")  # digit 10: 3 (初级中学)
    assert got["qualification_type"][1]


def test_a_cut_read_two_forms_end_with_is_not_guessed() -> None:
    # 初级中学 / 高级中学: either may have lost its first character
    assert not _vocab.near_types("级中学教师资格") & {"初级中学教师资格", "高级中学教师资格"}
