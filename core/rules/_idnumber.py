"""Resident ID numbers (居民身份证号码, GB 11643): normalise, validate, cross-check a record."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from core.errors import InvalidInput

from ._division import is_known_division
from ._findings import Finding
from ._gender import Gender, parse_gender
from ._text import squeeze

_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
# Nobody holding a teacher certificate today was born before this; older dates are misreads.
_EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A validated 18-character resident ID number and what it encodes."""

    number: str
    division_code: str
    province_code: str
    birth_date: date
    gender: Gender


def normalize_id_number(text: str) -> str:
    """Remove whitespace, map full-width characters to half-width, upper-case the x."""
    return squeeze(text).upper()


def _format_error(number: str, field: str) -> InvalidInput | None:
    if _SHAPE.match(number):
        return None
    what = f"长度为 {len(number)}" if len(number) != 18 else "含有非法字符"
    if len(number) == 15 and number.isdigit():
        # First-generation cards (until 2013) carry 15 digits; records must hold the 18-digit form.
        what += "（疑为 15 位旧号码，请换算为 18 位）"
    return InvalidInput(
        f"身份证号码应为 17 位数字加 1 位数字或 X，{what}", field=field, rule="id_format"
    )


def _checksum_error(number: str, field: str) -> InvalidInput | None:
    expected = ric.calc_check_digit(number)
    if number[-1] == expected:
        return None
    return InvalidInput(
        f"身份证号码校验位错误：末位应为 {expected}，实为 {number[-1]}（ISO 7064 MOD 11-2）",
        field=field,
        rule="id_checksum",
    )


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _birth_date_error(number: str, field: str, today: date) -> InvalidInput | None:
    born = _birth_date(number)
    if born is None:
        problem = f"出生日期 {number[6:14]} 不存在"
    elif born > today:
        problem = f"出生日期 {born.isoformat()} 晚于今天"
    elif born < _EARLIEST_BIRTH:
        problem = f"出生日期 {born.isoformat()} 早于 {_EARLIEST_BIRTH.year} 年，不可信"
    else:
        return None
    return InvalidInput(f"身份证号码{problem}", field=field, rule="id_birth_date")


def _division_error(number: str, field: str) -> InvalidInput | None:
    if is_known_division(number[:6]):
        return None
    return InvalidInput(
        f"身份证号码前 6 位行政区划代码 {number[:6]} 不在 python-stdnum 收录的 GB/T 2260 "
        "代码表中（该表可能缺少个别历史代码，如确属实请人工核对）",
        field=field,
        rule="id_division",
    )


_Check = Callable[[str, str], InvalidInput | None]


def _checks(today: date) -> tuple[_Check, ...]:
    """The intrinsic checks after the format check, in the order a clerk should fix them."""
    return (
        _checksum_error,
        lambda number, field: _birth_date_error(number, field, today),
        _division_error,
    )


def _gender_of(number: str) -> Gender:
    return Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE


def validate_id_number(
    text: str, *, field: str = "id_number", today: date | None = None
) -> IdNumber:
    """Validate a resident ID number; raise InvalidInput naming the first broken rule."""
    number = normalize_id_number(text)
    today = today or date.today()
    for check in (_format_error, *_checks(today)):
        error = check(number, field)
        if error is not None:
            raise error
    born = _birth_date(number)
    assert born is not None  # guaranteed by the birth-date check above
    return IdNumber(number, number[:6], number[:2], born, _gender_of(number))


def _finding(error: InvalidInput) -> Finding:
    return Finding(error.rule or error.code, error.field or "", error.message)


def _mismatches(
    number: str, field: str, birth_date: date | None, gender: Gender | None
) -> list[Finding]:
    findings: list[Finding] = []
    born = _birth_date(number)
    if birth_date is not None and born is not None and born != birth_date:
        findings.append(
            Finding(
                "id_birth_date_mismatch",
                field,
                f"身份证号码中的出生日期 {born.isoformat()} 与记录的"
                f" {birth_date.isoformat()} 不一致",
            )
        )
    if gender is not None and _gender_of(number) != gender:
        findings.append(
            Finding(
                "id_gender_mismatch",
                field,
                f"身份证号码第 17 位表示性别“{_gender_of(number)}”，与记录的“{gender}”不一致",
            )
        )
    return findings


def id_number_findings(
    text: str,
    *,
    birth_date: date | None,
    gender: Gender | str | None,
    field: str = "id_number",
    today: date | None = None,
) -> list[Finding]:
    """Every problem with an ID number and its agreement with the record, without raising."""
    number = normalize_id_number(text)
    format_error = _format_error(number, field)
    if format_error is not None:
        return [_finding(format_error)]
    errors = (check(number, field) for check in _checks(today or date.today()))
    findings = [_finding(error) for error in errors if error is not None]
    recorded_gender = parse_gender(gender) if gender is not None else None
    return findings + _mismatches(number, field, birth_date, recorded_gender)
