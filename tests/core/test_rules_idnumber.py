"""Resident ID numbers: validation rules, findings against a record, division table."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from core.errors import InvalidInput
from core.rules import (
    Gender,
    IdNumber,
    division_name,
    id_number_findings,
    normalize_id_number,
    province_of_division,
    validate_id_number,
)
from core.rules._division import known_division_codes

TODAY = date(2026, 11, 22)
SAMPLE = "11010519491231002X"  # the GB 11643 example: 北京市朝阳区, 1949-12-31, female


def make_id(division: str, born: date, order: int) -> str:
    body = f"{division}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


def rule_of(text: str, **kwargs) -> str | None:
    with pytest.raises(InvalidInput) as caught:
        validate_id_number(text, today=TODAY, **kwargs)
    return caught.value.rule


def test_validate_sample():
    assert validate_id_number(SAMPLE, today=TODAY) == IdNumber(
        SAMPLE, "110105", "11", date(1949, 12, 31), Gender.FEMALE
    )


def test_normalize_strips_spaces_fullwidth_and_lowercase_x():
    assert normalize_id_number(" 110105 1949１２３１ 002x ") == SAMPLE
    assert validate_id_number("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == SAMPLE


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1101051949123100",
        "11010519491231002XX",
        "1101051949123100X2",
        "11010519491231-02X",
        "A1010519491231002X",
        "110105194912310021"[:15],
    ],
)
def test_id_format(text):
    assert rule_of(text) in {"id_format"}


def test_fifteen_digit_number_gets_a_hint():
    with pytest.raises(InvalidInput) as caught:
        validate_id_number("110105491231002", today=TODAY)
    assert caught.value.rule == "id_format" and "15 位旧号码" in caught.value.message


def test_id_checksum():
    assert rule_of("110105194912310021") == "id_checksum"


def test_id_birth_date_impossible_future_and_ancient():
    body = "11010520000230001"
    assert rule_of(body + ric.calc_check_digit(body + "0")) == "id_birth_date"
    assert rule_of(make_id("110105", date(2026, 11, 23), 1)) == "id_birth_date"
    assert rule_of(make_id("110105", date(1899, 12, 31), 1)) == "id_birth_date"
    assert validate_id_number(make_id("110105", TODAY, 1), today=TODAY).birth_date == TODAY


def test_id_division_unknown_code_is_explicit_about_stdnum():
    with pytest.raises(InvalidInput) as caught:
        validate_id_number(make_id("119999", date(1990, 1, 1), 1), today=TODAY)
    assert caught.value.rule == "id_division"
    assert "python-stdnum" in caught.value.message and "119999" in caught.value.message
    assert rule_of(make_id("999999", date(1990, 1, 1), 1)) == "id_division"


def test_code_created_after_birth_is_accepted_unlike_stdnum():
    # 110112 通州区 dates from 1997; people born earlier were numbered there later.
    number = make_id("110112", date(1980, 1, 1), 1)
    assert not ric.is_valid(number)
    assert validate_id_number(number, today=TODAY).division_code == "110112"


@pytest.mark.parametrize("code", ["810000", "820000", "830000"])
def test_residence_permit_codes_are_accepted(code):
    assert (
        validate_id_number(make_id(code, date(1990, 5, 5), 2), today=TODAY).province_code
        == (code[:2])
    )


def test_field_name_is_passed_through():
    with pytest.raises(InvalidInput) as caught:
        validate_id_number("123", field="holder.id_number", today=TODAY)
    assert caught.value.field == "holder.id_number"


def test_findings_clean_and_each_code():
    ok = id_number_findings(
        SAMPLE, birth_date=date(1949, 12, 31), gender=Gender.FEMALE, today=TODAY
    )
    assert ok == []
    assert id_number_findings(SAMPLE, birth_date=None, gender=None, today=TODAY) == []
    codes = lambda text, **kw: [  # noqa: E731
        f.code for f in id_number_findings(text, today=TODAY, **kw)
    ]
    assert codes("12345", birth_date=None, gender=None) == ["id_format"]
    assert codes("110105194912310021", birth_date=None, gender=None) == ["id_checksum"]
    assert codes(make_id("999999", date(1990, 1, 1), 1), birth_date=None, gender=None) == [
        "id_division"
    ]
    assert codes(SAMPLE, birth_date=date(1949, 12, 30), gender=Gender.FEMALE) == [
        "id_birth_date_mismatch"
    ]
    assert codes(SAMPLE, birth_date=date(1949, 12, 31), gender=Gender.MALE) == [
        "id_gender_mismatch"
    ]
    body = "99999920000230001"
    wrong_check = "1" if ric.calc_check_digit(body + "0") != "1" else "2"
    assert codes(body + wrong_check, birth_date=date(2000, 2, 1), gender=Gender.FEMALE) == [
        "id_checksum",
        "id_birth_date",
        "id_division",
        "id_gender_mismatch",
    ]


def test_findings_carry_field_and_severity():
    [finding] = id_number_findings(
        SAMPLE, birth_date=None, gender=Gender.MALE, field="rows[3].id_number", today=TODAY
    )
    assert (finding.field, finding.severity) == ("rows[3].id_number", "error")
    assert "女" in finding.message and "男" in finding.message


def test_division_helpers():
    assert province_of_division("110105") == "11"
    assert province_of_division(" ４４０３０５ ") == "44"
    assert division_name("110105") == "北京市朝阳区"
    assert division_name("130102") == "河北省石家庄市长安区"
    assert division_name("120110") == "天津市东丽区"
    assert division_name("120110", year=1990) == "天津市东郊区"
    assert division_name("110000") == "北京市"
    assert division_name("999999") is None
    assert division_name("810000") is not None
    for bad in ("11010", "1101051", "abcdef", ""):
        with pytest.raises(InvalidInput) as caught:
            province_of_division(bad)
        assert (caught.value.field, caught.value.rule) == ("division_code", "division_format")


# --- property tests -------------------------------------------------------------------------

divisions = st.sampled_from(known_division_codes())
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
orders = st.integers(min_value=0, max_value=999)


@given(divisions, birth_dates, orders)
def test_generated_ids_round_trip(division, born, order):
    number = make_id(division, born, order)
    parsed = validate_id_number(number, today=TODAY)
    assert parsed == IdNumber(
        number, division, division[:2], born, Gender.MALE if order % 2 else Gender.FEMALE
    )
    assert validate_id_number(number.lower(), today=TODAY) == parsed
    gender = parsed.gender
    assert id_number_findings(number, birth_date=born, gender=gender, today=TODAY) == []


@given(divisions, birth_dates, orders, st.data())
def test_any_single_character_change_is_caught(division, born, order, data):
    number = make_id(division, born, order)
    position = data.draw(st.integers(min_value=0, max_value=17))
    replacement = data.draw(st.sampled_from("0123456789X").filter(lambda c: c != number[position]))
    changed = number[:position] + replacement + number[position + 1 :]
    assert rule_of(changed) in {"id_format", "id_checksum"}


@given(divisions, birth_dates, orders, birth_dates)
def test_birth_date_mismatch_appears_exactly_when_dates_differ(division, born, order, recorded):
    number = make_id(division, born, order)
    codes = [
        f.code for f in id_number_findings(number, birth_date=recorded, gender=None, today=TODAY)
    ]
    assert codes == (["id_birth_date_mismatch"] if recorded != born else [])


def test_findings_accept_gender_as_text():
    codes = [f.code for f in id_number_findings(SAMPLE, birth_date=None, gender="男", today=TODAY)]
    assert codes == ["id_gender_mismatch"]
    assert id_number_findings(SAMPLE, birth_date=None, gender="女", today=TODAY) == []
