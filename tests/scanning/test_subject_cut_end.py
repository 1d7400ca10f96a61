"""A subject read as the start of a listed subject and nothing more (艺 for 艺术, a seal's
ring over 术) is flagged even when two reads agree: both lost the same end."""

from __future__ import annotations

from datetime import date

from scanning import _vocab
from scanning._decide import decode
from scanning._ocr import Reading

TODAY = date(2026, 1, 1)


def _subject(reads: list[Reading]) -> tuple[str | None, bool]:
    def two(text: str) -> list[Reading]:
        return [Reading(text, 0.99), Reading(text, 0.98)]

    out = decode({
        "gender": two("男"), "birth_date": two("1996年01月28日"),
        "id_number": two("120105199601282898"), "qualification_type": two("小学教师资格"),
        "certificate_number": two("20171213421355201"), "issuing_authority": two("河北区教育局"),
        "issue_date": two("2017年11月25日"), "subject": reads,
    }, today=TODAY)  # fmt: skip
    return out["subject"].value, out["subject"].blocking


def test_a_subject_cut_to_a_listed_subjects_start_is_flagged() -> None:
    assert "艺术" in _vocab.cut_subjects("艺")
    assert _subject([Reading("", 0.0), Reading("艺", 0.791), Reading("艺", 0.788)])[1]


def test_a_listed_subject_is_not_a_cut_one() -> None:
    assert not _vocab.cut_subjects("美术")
    assert _subject([Reading("美术", 0.99), Reading("美术", 0.99)]) == ("美术", False)


def test_a_read_that_starts_one_listed_subject_only_is_shown_as_it_still_flagged() -> None:
    # 品德与社会 under a seal's ring read 品德与社 twice: only one subject starts so.
    assert _vocab.cut_subjects("品德与社") == {"品德与社会"}
    assert _subject([Reading("品德与社", 0.99), Reading("品德与社", 0.98)]) == ("品德与社会", True)


def test_a_short_cut_read_is_shown_as_read() -> None:
    # 艺 starts 艺术 and more; two characters or one say too little to show an entry.
    value, blocking = _subject([Reading("艺", 0.99), Reading("艺", 0.98)])
    assert value == "艺" and blocking


def test_a_subject_with_a_character_lost_inside_is_flagged() -> None:
    # 体育与健康 read 体与健康 in every reading: no subject list entry, one character short of one.
    assert _vocab.lost_subjects("体与健康") == {"体育与健康"}
    assert _subject([Reading("体与健康", 0.99), Reading("体与健康", 0.98)]) == ("体与健康", True)


def test_an_unlisted_subject_no_entry_holds_with_a_character_more_stands() -> None:
    assert not _vocab.lost_subjects("史学")
    reads = [Reading("古典文献学", 0.99), Reading("古典文献学", 0.98)]
    assert _subject(reads) == ("古典文献学", False)
