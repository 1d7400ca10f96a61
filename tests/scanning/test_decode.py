"""Decoding the information page against the rules (no OCR: hand-built readings).

For each rule: a case where the raw read is wrong and the rule fixes it (a ``note`` correction,
no review), and a case where two candidates fit and the field is flagged instead."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from stdnum.cn import ric

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value

TODAY = date(2026, 12, 4)
ID = "420106198503121234"  # 武汉市武昌区, 1985-03-12, order 123 (male)
ID = ID[:17] + ric.calc_check_digit(ID)
CERT = "20154200141100123"  # 2015, 湖北 42, authority 001, type 4, male (1), serial 100123
TRUTH = {
    "name": "张三",
    "gender": "男",
    "birth_date": "1985年03月12日",
    "id_number": ID,
    "qualification_type": "高级中学教师资格",
    "subject": "数学",
    "certificate_number": CERT,
    "issuing_authority": "武汉市教育局",
    "issue_date": "2015年07月01日",
}
ISO = {"birth_date": "1985-03-12", "issue_date": "2015-07-01"}


def alts(text: str, at: dict[int, tuple[tuple[str, float], ...]], score: float = 0.95) -> Reading:
    """A reading of ``text`` whose characters at ``at`` carry the given alternatives."""
    per = tuple(at.get(i, ((ch, 0.99),)) for i, ch in enumerate(text))
    return Reading(text, score, per)


def run(**fields: object) -> dict[str, Value]:
    """Decode the clean record with some fields replaced: a str is read twice the same, a
    Reading is used twice (as two views: the second a little less sure, for identical readings
    are one), a list is the readings themselves, None leaves the field out."""
    readings: dict[str, list[Reading]] = {}
    for key, text in {**TRUTH, **fields}.items():
        if text is None:
            continue
        if isinstance(text, list):
            readings[key] = text
        elif isinstance(text, Reading):
            readings[key] = [text, replace(text, score=text.score - 0.01)]
        else:
            readings[key] = [Reading(str(text), 0.98), Reading(str(text), 0.97)]
    return decode(readings, TODAY)


def expected(key: str) -> str:
    return ISO.get(key, TRUTH[key])


def codes(v: Value) -> set[str]:
    return {f.code for f in v.findings}


def accepted(v: Value, value: str) -> bool:
    """Right value and nothing that sends the record to a person."""
    return v.value == value and not v.blocking and v.confidence >= 0.9


def corrected(v: Value, value: str) -> bool:
    """Right value, recorded as a correction the rules proved (a note, no review)."""
    return accepted(v, value) and "corrected" in codes(v)


def flagged(v: Value) -> bool:
    return v.blocking and v.confidence < 0.9


def with_check(number: str) -> str:
    return number[:17] + ric.calc_check_digit(number)


def two_ids(i: int, digit: str) -> tuple[str, Reading]:
    """The other valid ID differing at position ``i``, and a reading torn evenly between the
    two (at ``i`` and at the check character)."""
    other = with_check(ID[:i] + digit + ID[i + 1 :])
    reading = alts(ID, {i: ((ID[i], 0.5), (digit, 0.5)), 17: ((ID[17], 0.5), (other[17], 0.5))})
    return other, reading


def test_clean_record_is_accepted_unflagged():
    out = run()
    for key in TRUTH:
        assert accepted(out[key], expected(key)), (key, out[key])


# ID number: check character
def test_id_letter_fixed_by_check_character():
    out = run(id_number=ID[:10] + "O" + ID[11:])
    assert corrected(out["id_number"], ID)


def test_id_two_candidates_passing_every_rule_are_flagged():
    _, reading = two_ids(15, "7")  # order digit 2 → 7: another valid man born the same day
    out = run(id_number=reading)
    assert flagged(out["id_number"]) and "ambiguous" in codes(out["id_number"])


def test_id_read_once_wrong_once_right_needs_no_review():
    wrong = ID[:17] + ("0" if ID[17] != "0" else "1")  # fails the check character
    out = run(id_number=[Reading(wrong, 0.99), Reading(ID, 0.95)])
    assert accepted(out["id_number"], ID)


# ID number: division code
def test_id_division_decides_between_checksum_valid_reads():
    other = with_check(ID[:2] + "9" + ID[3:])  # 429106: not a division
    reading = alts(other, {2: (("9", 0.6), (ID[2], 0.4)), 17: ((other[17], 0.6), (ID[17], 0.4))})
    out = run(id_number=reading)
    assert accepted(out["id_number"], ID)


def test_id_two_known_divisions_are_flagged():
    _, reading = two_ids(5, "2")  # 420106 武昌区 or 420102 江岸区: both exist
    out = run(id_number=reading)
    assert flagged(out["id_number"])


# ID number ↔ birth date
def test_birth_date_decides_the_id():
    _, reading = two_ids(13, "3")  # born the 12th or the 13th
    out = run(id_number=reading)
    assert accepted(out["id_number"], ID) and accepted(out["birth_date"], "1985-03-12")


def test_birth_date_and_id_both_torn_are_flagged():
    _, reading = two_ids(13, "3")
    birth = alts("1985年03月12日", {9: (("2", 0.5), ("3", 0.5))})
    out = run(id_number=reading, birth_date=birth)
    assert flagged(out["id_number"]) and flagged(out["birth_date"])


def test_id_proves_a_repaired_birth_date():
    out = run(birth_date="1985年03月1Z日")
    assert corrected(out["birth_date"], "1985-03-12")


def test_birth_date_contradicting_a_valid_id_is_flagged():
    out = run(birth_date="1985年04月12日")
    assert flagged(out["birth_date"]) or flagged(out["id_number"])
    assert out["birth_date"].blocking


# ID number ↔ gender
def test_gender_parity_decides_the_id():
    _, reading = two_ids(16, "4")  # order 123 (man) or 124 (woman)
    out = run(id_number=reading)
    assert accepted(out["id_number"], ID) and accepted(out["gender"], "男")


def test_gender_unreadable_and_parity_torn_are_flagged():
    _, reading = two_ids(16, "4")
    out = run(id_number=reading, gender="另")
    assert flagged(out["id_number"]) and flagged(out["gender"])


# Gender
def test_unreadable_gender_taken_from_the_id_parity():
    out = run(gender="另")
    assert corrected(out["gender"], "男")


def test_gender_without_id_read_once_is_flagged():
    out = run(gender=[Reading("男", 0.98)], id_number=None)
    assert flagged(out["gender"]) and flagged(out["id_number"])


def test_gender_read_against_the_id_is_flagged():
    out = run(gender="女")
    assert out["gender"].blocking or out["id_number"].blocking


# Certificate number
def _cert_torn(i: int, a: str, b: str) -> Reading:
    return alts(CERT[:i] + a + CERT[i + 1 :], {i: ((a, 0.5), (b, 0.5))})


def test_cert_year_digit_decided_by_issue_date():
    out = run(certificate_number=_cert_torn(3, "6", "5"))
    assert accepted(out["certificate_number"], CERT)


def test_cert_year_and_issue_date_both_torn_are_flagged():
    issue = alts("2015年07月01日", {3: (("5", 0.5), ("6", 0.5))})
    out = run(certificate_number=_cert_torn(3, "6", "5"), issue_date=issue)
    assert flagged(out["certificate_number"]) and flagged(out["issue_date"])


def test_cert_province_decided_by_authority():
    out = run(certificate_number=_cert_torn(5, "3", "2"))  # 43 湖南 or 42 湖北
    assert accepted(out["certificate_number"], CERT)


def test_cert_province_torn_without_authority_is_flagged():
    out = run(certificate_number=_cert_torn(5, "3", "2"), issuing_authority=None)
    assert flagged(out["certificate_number"])


def test_cert_type_digit_decided_by_qualification_type():
    out = run(certificate_number=_cert_torn(9, "3", "4"))
    assert accepted(out["certificate_number"], CERT)


def test_cert_type_letter_fixed():
    out = run(certificate_number=CERT[:9] + "A" + CERT[10:])
    assert corrected(out["certificate_number"], CERT)


def test_cert_type_torn_without_qualification_type_is_flagged():
    out = run(certificate_number=_cert_torn(9, "3", "4"), qualification_type=None)
    assert flagged(out["certificate_number"])


def test_cert_gender_digit_decided_by_gender():
    out = run(certificate_number=_cert_torn(10, "2", "1"))
    assert accepted(out["certificate_number"], CERT)


def test_cert_gender_digit_zero_or_one_before_2012_is_flagged():
    old = "2008" + CERT[4:]
    torn = alts(old[:10] + "0" + old[11:], {10: (("0", 0.5), ("1", 0.5))})
    out = run(certificate_number=torn, issue_date="2008年07月01日")  # 0/1 books: both fit
    assert flagged(out["certificate_number"])


def test_cert_gender_digit_zero_after_2012_fixed_by_gender():
    doubted = alts(CERT[:10] + "0" + CERT[11:], {10: (("0", 0.7), ("1", 0.3))})
    out = run(certificate_number=doubted)
    assert corrected(out["certificate_number"], CERT)


def test_cert_gender_digit_zero_read_surely_after_2012_is_flagged():
    # Read with certainty, a 0 is what the paper says: some authorities kept the old digits.
    out = run(certificate_number=CERT[:10] + "0" + CERT[11:])
    assert flagged(out["certificate_number"]) and "misprint" in codes(out["certificate_number"])


def test_cert_serial_read_differently_is_flagged():
    other = CERT[:14] + "9" + CERT[15:]
    out = run(certificate_number=[Reading(CERT, 0.98), Reading(other, 0.97)])
    assert flagged(out["certificate_number"])


def test_cert_serial_letter_with_two_look_alikes_is_flagged():
    out = run(certificate_number=CERT[:12] + "S" + CERT[13:])  # 5 or 8
    assert flagged(out["certificate_number"])


# Dates
def test_date_unit_misread_as_letter_repaired():
    out = run(issue_date="2015年07月01F")
    assert corrected(out["issue_date"], "2015-07-01")


def test_date_day_digit_with_two_look_alikes_is_flagged():
    out = run(issue_date="2015年07月0S日")  # the 5th or the 8th: nothing decides
    assert flagged(out["issue_date"])


def test_issue_date_before_1993_or_in_future_is_not_a_candidate():
    out = run(issue_date="2031年07月01日", certificate_number=None)
    assert out["issue_date"].blocking


def test_holder_under_18_at_issue_is_flagged():
    out = run(birth_date="2000年03月12日", id_number=with_check(ID[:6] + "2000" + ID[10:]))
    assert out["issue_date"].blocking and "implausible_age" in codes(out["issue_date"])


# Qualification type
def test_qualification_type_snapped():
    out = run(qualification_type="高级中学教师资恪")
    assert corrected(out["qualification_type"], "高级中学教师资格")


def test_qualification_type_decided_by_cert_digit():
    out = run(qualification_type="囗级中学教师资格")  # 初级 or 高级: digit 10 says 4
    assert corrected(out["qualification_type"], "高级中学教师资格")


def test_qualification_type_two_entries_near_are_flagged():
    out = run(qualification_type="囗级中学教师资格", certificate_number=None)
    assert flagged(out["qualification_type"])


# Subject
def test_subject_snapped():
    out = run(subject="心理健康教肓")
    assert corrected(out["subject"], "心理健康教育")


def test_subject_two_entries_near_are_flagged():
    out = run(subject="囗科综合")  # 文科综合 or 理科综合
    assert flagged(out["subject"])


def test_subject_outside_the_list_read_twice_is_kept():
    out = run(subject="天文学")
    assert accepted(out["subject"], "天文学")


def test_two_character_snap_is_only_suggested():
    out = run(subject="数孝")
    assert out["subject"].value == "数学" and flagged(out["subject"])


# Issuing authority
def test_authority_snapped_with_alternatives():
    out = run(issuing_authority=alts("武江市教育局", {1: (("江", 0.6), ("汉", 0.3))}))
    assert corrected(out["issuing_authority"], "武汉市教育局")


def test_authority_suffix_snapped_with_alternatives():
    out = run(issuing_authority=alts("武汉市教弯局", {4: (("弯", 0.5), ("育", 0.4))}))
    assert corrected(out["issuing_authority"], "武汉市教育局")


def test_authority_snapped_by_certificate_province():
    cert = "20156100141100123"  # 陕西 61
    out = run(issuing_authority="雁络区教育局", certificate_number=cert)
    assert corrected(out["issuing_authority"], "雁塔区教育局")
    assert accepted(out["certificate_number"], cert)


def test_ambiguous_authority_kept_and_flagged():
    out = run(issuing_authority="武江市教育局")  # 武汉市 and 枝江市 are both in 湖北
    v = out["issuing_authority"]
    assert v.value == "武江市教育局" and flagged(v) and "ambiguous" in codes(v)


def test_authority_outside_the_vocabulary_is_flagged():
    out = run(issuing_authority="某某大学")
    assert flagged(out["issuing_authority"])


# Name
def test_name_read_twice_the_same_is_accepted():
    assert accepted(run(name="欧阳明月")["name"], "欧阳明月")


def test_name_read_differently_is_flagged():
    out = run(name=[Reading("张三", 0.98), Reading("张王", 0.97)])
    assert flagged(out["name"])


def test_name_read_once_or_unsure_is_flagged():
    assert flagged(run(name=[Reading("张三", 0.98)])["name"])
    assert flagged(run(name=[Reading("张三", 0.6), Reading("张三", 0.6)])["name"])


def test_missing_field_is_an_error():
    out = run(subject=None)
    assert out["subject"].value is None and "missing" in codes(out["subject"])


# Readings of a box that also holds the label
def test_label_stripped_from_a_reread_with_its_alternatives():
    from scanning._info import strip_label

    r = strip_label(alts("姓名：张三", {3: (("张", 0.9), ("弓", 0.1))}))
    assert r.text == "张三" and r.alternatives[0] == (("张", 0.9), ("弓", 0.1))
    assert strip_label(Reading("姓☑名:苏资", 0.9)).text == "苏资"
    assert strip_label(Reading("2019年11月24日", 0.9)).text == "2019年11月24日"


# A correction must be explainable as a misread: a digit the engine read with certainty, whose
# replacement is neither an engine alternative nor a look-alike, is a misprint to be checked.
def test_id_digit_read_surely_but_contradicting_the_rules_is_flagged_not_corrected():
    printed = ID[:8] + "0" + ID[9:]  # 1985 → 1905 on paper: '8' is no alternative of a sure '0'
    sure = Reading(printed, 0.99, tuple(((ch, 0.999),) for ch in printed))
    out = run(id_number=sure)
    assert flagged(out["id_number"])
    assert "corrected" not in codes(out["id_number"])


def test_id_digit_the_engine_doubted_is_corrected_by_the_rules():
    printed = ID[:8] + "0" + ID[9:]
    doubted = alts(printed, {8: (("0", 0.6), ("8", 0.4))})
    out = run(id_number=doubted)
    assert corrected(out["id_number"], ID)
