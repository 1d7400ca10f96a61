"""Certificate numbers: parsing rules and cross-checks against a record."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.rules import (
    CertificateNumber,
    Gender,
    QualificationType,
    check_certificate_number,
    parse_certificate_number,
)

TODAY = date(2026, 11, 22)
# 2015, 湖北 (42), authority 011, 高级中学 (4), female (2), serial 000123
SAMPLE = "20154201142000123"


def parse(text: str) -> CertificateNumber:
    return parse_certificate_number(text, today=TODAY)


def test_parse_sample():
    cert = parse(SAMPLE)
    assert cert == CertificateNumber(SAMPLE, 2015, "42", "011", 4, 2, "000123")
    assert cert.qualification_type is QualificationType.SENIOR_SECONDARY


def test_parse_normalizes_fullwidth_and_spaces():
    assert parse(" ２０１５ 42011 4 2 000123 ").number == SAMPLE


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "certificate_number_format"),
        ("2015420114200012", "certificate_number_format"),
        ("201542011420001234", "certificate_number_format"),
        ("2015420114200012X", "certificate_number_format"),
        ("2015-42011420001", "certificate_number_format"),
        ("20154201102000123", "certificate_number_type"),
        ("20154201182000123", "certificate_number_type"),
        ("20154201192000123", "certificate_number_type"),
        ("19924201142000123", "certificate_number_year"),
        ("20274201142000123", "certificate_number_year"),
    ],
)
def test_parse_rules(text, rule):
    with pytest.raises(InvalidInput) as caught:
        parse(text)
    assert (caught.value.field, caught.value.rule) == ("certificate_number", rule)


def test_year_bounds_are_inclusive():
    assert parse("19934201142000123").year == 1993
    assert parse("20264201142000123").year == 2026


def test_check_clean_record_has_no_findings():
    findings = check_certificate_number(
        SAMPLE,
        qualification_type=QualificationType.SENIOR_SECONDARY,
        issue_date=date(2015, 7, 1),
        province_code="42",
        gender=Gender.FEMALE,
        today=TODAY,
    )
    assert findings == []
    assert check_certificate_number(SAMPLE, today=TODAY) == []


def codes(number: str, **record) -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in check_certificate_number(number, today=TODAY, **record)]


def test_each_finding_code():
    assert codes("12345") == [("certificate_number_format", "error")]
    assert codes("20154201102000123") == [("certificate_number_type", "error")]
    assert codes("19904201142000123") == [("certificate_number_year", "error")]
    assert codes(SAMPLE, qualification_type=3) == [("cert_type_mismatch", "error")]
    assert codes(SAMPLE, qualification_type=QualificationType.JUNIOR_SECONDARY) == [
        ("cert_type_mismatch", "error")
    ]
    assert codes(SAMPLE, issue_date=date(2016, 1, 5)) == [("cert_year_mismatch", "error")]
    assert codes(SAMPLE, issue_date=date(2014, 12, 31)) == [("cert_year_mismatch", "error")]
    assert codes(SAMPLE, province_code="41") == [("cert_province_mismatch", "error")]
    assert codes(SAMPLE, province_code="420100") == []
    assert codes(SAMPLE, gender=Gender.MALE) == [("cert_gender_mismatch", "error")]


def test_gender_digit_one_for_female_is_a_warning_before_2009():
    old = "20084201141000123"
    assert codes(old, gender=Gender.FEMALE) == [("cert_gender_mismatch", "warning")]
    assert codes("20094201141000123", gender=Gender.FEMALE) == [("cert_gender_mismatch", "error")]
    assert codes(old, gender=Gender.MALE) == []


@pytest.mark.parametrize("digit", "03456789")
def test_other_gender_digits_never_produce_a_finding(digit):
    number = f"2015420114{digit}000123"
    assert codes(number, gender=Gender.MALE) == [] and codes(number, gender=Gender.FEMALE) == []


@pytest.mark.parametrize("number", [SAMPLE, "not a number"])
@pytest.mark.parametrize("qualification_type", [0, 9])
def test_bad_record_type_raises_even_for_a_bad_number(number, qualification_type):
    with pytest.raises(InvalidInput) as caught:
        check_certificate_number(number, qualification_type=qualification_type, today=TODAY)
    assert caught.value.rule == "unknown_qualification_type"


def test_bad_record_values_raise():
    with pytest.raises(InvalidInput) as caught:
        check_certificate_number(SAMPLE, province_code="4", today=TODAY)
    assert (caught.value.field, caught.value.rule) == ("province_code", "province_format")


# --- property tests -------------------------------------------------------------------------

parts = st.tuples(
    st.integers(min_value=1993, max_value=TODAY.year),
    st.from_regex(r"\A[0-9]{2}\Z"),
    st.from_regex(r"\A[0-9]{3}\Z"),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=0, max_value=9),
    st.from_regex(r"\A[0-9]{6}\Z"),
)


def join(year, province, authority, type_code, gender_digit, serial) -> str:
    return f"{year}{province}{authority}{type_code}{gender_digit}{serial}"


@given(parts)
def test_parse_round_trips(p):
    number = join(*p)
    assert parse(number) == CertificateNumber(number, *p)
    assert check_certificate_number(number, today=TODAY) == []


@given(
    parts,
    st.sampled_from(list(QualificationType)),
    st.dates(min_value=date(1993, 1, 1), max_value=TODAY),
    st.from_regex(r"\A[0-9]{2}\Z"),
    st.sampled_from(list(Gender)),
)
def test_findings_appear_exactly_when_a_part_disagrees(p, qtype, issued, province, gender):
    year, province_code, _authority, type_code, gender_digit, _serial = p
    found = {
        f.code: f.severity
        for f in check_certificate_number(
            join(*p),
            qualification_type=qtype,
            issue_date=issued,
            province_code=province,
            gender=gender,
            today=TODAY,
        )
    }
    expected = {}
    if type_code != qtype:
        expected["cert_type_mismatch"] = "error"
    if year != issued.year:
        expected["cert_year_mismatch"] = "error"
    if province_code != province:
        expected["cert_province_mismatch"] = "error"
    if gender_digit == 2 and gender is Gender.MALE:
        expected["cert_gender_mismatch"] = "error"
    if gender_digit == 1 and gender is Gender.FEMALE:
        expected["cert_gender_mismatch"] = "warning" if year < 2009 else "error"
    assert found == expected


def test_record_gender_may_be_plain_text():
    assert codes(SAMPLE, gender="男") == [("cert_gender_mismatch", "error")]
    assert codes(SAMPLE, gender="F") == []
