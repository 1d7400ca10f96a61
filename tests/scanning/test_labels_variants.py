"""Label variants of other print runs (hand-built readings, no OCR): a bracketed qualifier
after a label (任教学科（专业）, 资格种类(类别)) and 教师资格 used as the qualification label are
label words, never part of the value — cut, and the cut recorded as a correction. Whatever
is left must still be a value on its own; otherwise the field stays flagged."""

from __future__ import annotations

from datetime import date

from scanning._decide import decode
from scanning._fields import INFO_LABELS
from scanning._labels import match_label
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "孔煜骞", "gender": "女", "birth_date": "2001年07月16日",
    "id_number": "361123200107163424", "qualification_type": "初级中学教师资格",
    "subject": "英语", "certificate_number": "20233631932341227",
    "issuing_authority": "江西省教育厅", "issue_date": "2023年08月29日",
}


def _decode(**fields: str) -> dict[str, Value]:
    texts = {**BOOKLET, **fields}
    return decode({k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in texts.items()}, TODAY)


def test_the_booklet_itself_is_accepted() -> None:
    out = _decode()
    assert not any(v.blocking for v in out.values())


# -- the label finder -----------------------------------------------------------------------
def test_a_bracketed_qualifier_after_a_label_is_part_of_the_label() -> None:
    assert match_label("任教学科(专业)英语", INFO_LABELS) == ("subject", "英语")
    assert match_label("任教学科（专业）：生物", INFO_LABELS) == ("subject", "生物")
    assert match_label("学科(专业)", INFO_LABELS) == ("subject", "")
    assert match_label("资格种类(类别) 初级中学教师资格", INFO_LABELS) == (
        "qualification_type", "初级中学教师资格")


def test_a_bracketed_value_after_a_label_stays_the_value() -> None:
    # Only qualifier words are label: anything else in brackets is what was read as the value.
    assert match_label("任教学科(英语)", INFO_LABELS) == ("subject", "(英语)")


# -- the decoder: a value read with its label's words ---------------------------------------
def test_subject_read_with_the_label_qualifier_is_cut_and_noted() -> None:
    subject = _decode(subject="(专业):生物")["subject"]
    assert accepted(subject, "生物")
    assert "corrected" in codes(subject)


def test_subject_whose_qualifier_lost_its_closing_bracket_is_cut() -> None:
    subject = _decode(subject="(专业英语")["subject"]
    assert accepted(subject, "英语")


def test_subject_after_a_bracket_and_its_qualifier_s_first_character_is_cut() -> None:
    # 任教学科（专业）read "(专" with 业) lost: no subject starts with a bracket, and what
    # follows is exactly a listed subject.
    assert accepted(_decode(subject="(专心理健康教育")["subject"], "心理健康教育")


def test_subject_after_a_bracket_and_a_word_s_first_character_stays_flagged_when_unlisted() -> None:
    # What follows "(专" is no listed subject: nothing says where the label ends.
    assert _decode(subject="(专电气自动")["subject"].blocking


def test_type_read_with_teacher_qualification_as_label_is_cut_and_noted() -> None:
    out = _decode(qualification_type="教师资格初级中学教师资格")
    assert accepted(out["qualification_type"], "初级中学教师资格")
    assert "corrected" in codes(out["qualification_type"])
    assert not any(v.blocking for v in out.values())


def test_type_after_a_label_that_is_no_whole_entry_stays_flagged() -> None:
    # 教师资格 + 中学教师资格: what follows the label is no type as read (小学? 初级中学?);
    # the cut is never made to lead to a snap, so the field is still sent to review.
    out = _decode(qualification_type="教师资格中学教师资格")
    assert out["qualification_type"].blocking


def test_subject_with_only_the_qualifier_read_stays_flagged() -> None:
    out = _decode(subject="(专业)")
    assert out["subject"].blocking or out["subject"].value is None


# -- a greyscale seal's lettering run on after the certificate number ------------------------
def _decode_cert(*texts: str) -> Value:
    readings = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    readings["certificate_number"] = [Reading(t, 0.98 - 0.005 * i) for i, t in enumerate(texts)]
    return decode(readings, TODAY)["certificate_number"]


def test_seal_lettering_after_the_number_is_cut_and_noted() -> None:
    # 育局 is the seal's (and the authority's) wording; 17 digits are left, read alike twice.
    cert = _decode_cert("202336319323412育局", "20233631932341227育", "20233631932341227育")
    assert accepted(cert, "20233631932341227")
    assert "corrected" in codes(cert)


def test_number_that_lost_digits_under_the_seal_stays_flagged() -> None:
    # The seal hid the last digits: what is left after the cut is 15 digits, no whole number.
    cert = _decode_cert("202336319323412星教育", "202336319323412星教育", "202336319323412星教育")
    assert cert.blocking


def test_letters_that_are_not_the_seal_s_are_not_cut() -> None:
    # 张三 is neither seal wording nor the authority's: nothing says the digits are whole.
    cert = _decode_cert("20233631932341227张三", "20233631932341227张三", "20233631932341227张三")
    assert cert.blocking


# -- an unconfirmed certificate number names the digits in doubt ----------------------------
def test_unconfirmed_number_names_the_doubted_serial_digit() -> None:
    # The page view reads it plainly; both re-reads of the crop offer 6 for digit 14's 2 at
    # 20 %. No rule checks the serial (the authority only proves digits 5–6), so it is
    # flagged — and the finding says where to look.
    value = BOOKLET["certificate_number"]
    alts = tuple(((c, 1.0), ("6", 0.2)) if i == 13 else ((c, 1.0),) for i, c in enumerate(value))
    readings = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    readings["certificate_number"] = [Reading(value, 0.99), Reading(value, 0.99, alts),
                                      Reading(value, 0.99, alts)]
    cert = decode(readings, TODAY)["certificate_number"]
    found = [f for f in cert.findings if f.code == "unconfirmed"]
    assert cert.blocking and found
    assert "第 14 位" in found[0].message
    assert found[0].evidence["positions"] == [14]
