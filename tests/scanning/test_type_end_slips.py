"""A qualification type read with one character lost at its end (幼儿园教师资: a seal's ring
over 格) or one stray character after it (幼儿园教师资格教: the seal's lettering or the next
label's first character caught in the box) is the one form it starts, or holds; the
certificate number's type digit still has the last word."""

from __future__ import annotations

from datetime import date

from scanning import _vocab
from scanning._decide import decode
from scanning._ocr import Reading

TODAY = date(2026, 1, 1)


def _decode(qtypes: list[str], cert: str) -> tuple[str | None, bool]:
    def two(text: str) -> list[Reading]:
        return [Reading(text, 0.99), Reading(text, 0.98)]

    out = decode({
        "gender": two("男"), "birth_date": two("1996年01月28日"),
        "id_number": two("120105199601282898"),
        "qualification_type": [Reading(t, 0.97) for t in qtypes],
        "certificate_number": two(cert), "issuing_authority": two("河北区教育局"),
        "issue_date": two("2017年11月25日"),
    }, today=TODAY)  # fmt: skip
    v = out["qualification_type"]
    return v.value, v.blocking


def test_a_type_with_a_stray_character_after_it_is_the_form_it_holds() -> None:
    assert _vocab.near_types("幼儿园教师资格教") >= {"幼儿园教师资格"}
    got = _decode(["幼儿园教师资格教", "幼儿园教师资", "幼儿园教师资"], "20171213411355201")
    assert got == ("幼儿园教师资格", False)


def test_a_type_missing_its_last_character_is_the_one_form_it_starts() -> None:
    assert _vocab.near_types("中等职业学校实习指导教师资") == {"中等职业学校实习指导教师资格"}
    got = _decode(["初级中学教师资", "初级中学教师资"], "20171213431355201")
    assert got == ("初级中学教师资格", False)


def test_an_end_slip_the_type_digit_denies_stays_in_review() -> None:
    got = _decode(["幼儿园教师资格教", "幼儿园教师资"], "20171213421355201")  # 2: 小学
    assert got[1]


def test_short_cut_reads_are_not_guessed() -> None:
    assert not _vocab.near_types("初级中")
