"""Certificate numbers (证书号码): 17 digits = year, province, authority, type, gender, serial."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.errors import InvalidInput

from ._findings import Finding
from ._gender import Gender, parse_gender
from ._qualification import QualificationType, parse_qualification_type
from ._text import squeeze

FIELD = "certificate_number"
# The Teachers Law (教师法) of 1993 created the qualification; no number can be older.
EARLIEST_YEAR = 1993
# From about 2009 digit 11 is 1 male / 2 female; older books used 0/1 (1 could mean female).
GENDER_DIGIT_SINCE = 2009
_SHAPE = re.compile(r"^[0-9]{17}$")


@dataclass(frozen=True, slots=True)
class CertificateNumber:
    """A 17-digit certificate number split into its parts."""

    number: str
    year: int
    province_code: str
    authority_code: str
    type_code: int
    gender_digit: int
    serial: str

    @property
    def qualification_type(self) -> QualificationType | None:
        """The type encoded in digit 10, or None if that digit is not 1–7."""
        return QualificationType(self.type_code) if 1 <= self.type_code <= 7 else None


def _split(text: str) -> CertificateNumber:
    """Split without judging anything but the shape (17 ASCII digits)."""
    number = squeeze(text) if isinstance(text, str) else ""
    if not _SHAPE.match(number):
        raise InvalidInput(
            f"证书号码应为 17 位数字，实为 {len(number)} 个字符：{text!r}",
            field=FIELD,
            rule="certificate_number_format",
        )
    return CertificateNumber(
        number,
        int(number[:4]),
        number[4:6],
        number[6:9],
        int(number[9]),
        int(number[10]),
        number[11:],
    )


def _intrinsic_errors(cert: CertificateNumber, today: date) -> list[InvalidInput]:
    errors: list[InvalidInput] = []
    if cert.qualification_type is None:
        errors.append(
            InvalidInput(
                f"证书号码第 10 位资格种类代码应为 1–7，实为 {cert.type_code}",
                field=FIELD,
                rule="certificate_number_type",
            )
        )
    if not EARLIEST_YEAR <= cert.year <= today.year:
        errors.append(
            InvalidInput(
                f"证书号码前 4 位年份 {cert.year} 不合理（应在 {EARLIEST_YEAR}–{today.year} 之间）",
                field=FIELD,
                rule="certificate_number_year",
            )
        )
    return errors


def parse_certificate_number(text: str, *, today: date | None = None) -> CertificateNumber:
    """Parse a certificate number; raise InvalidInput for a wrong shape, type digit or year."""
    cert = _split(text)
    errors = _intrinsic_errors(cert, today or date.today())
    if errors:
        raise errors[0]
    return cert


def _normalize_province(province_code: str) -> str:
    code = squeeze(province_code)
    if not re.match(r"^[0-9]{2}([0-9]{4})?$", code):
        raise InvalidInput(
            f"省份代码应为 2 位数字或 6 位行政区划代码：{province_code!r}",
            field="province_code",
            rule="province_format",
        )
    return code[:2]


def _gender_finding(cert: CertificateNumber, gender: Gender) -> Finding | None:
    """Only 1 (male) and 2 (female) say anything; 0 and others never produce a finding."""
    if cert.gender_digit == 2 and gender == Gender.MALE:
        return Finding(
            "cert_gender_mismatch", FIELD, "证书号码第 11 位为 2（女），与记录性别“男”不一致"
        )
    if cert.gender_digit == 1 and gender == Gender.FEMALE:
        # Before 2009 many books used 0/1 where 1 could be female: only a warning then.
        old = cert.year < GENDER_DIGIT_SINCE
        message = "证书号码第 11 位为 1（男），与记录性别“女”不一致"
        if old:
            message += f"（{GENDER_DIGIT_SINCE} 年以前的证书可能以 0/1 编码性别，请人工核对）"
        return Finding("cert_gender_mismatch", FIELD, message, "warning" if old else "error")
    return None


def _type_finding(cert: CertificateNumber, expected: QualificationType) -> Finding | None:
    if cert.type_code == expected:
        return None
    return Finding(
        "cert_type_mismatch",
        FIELD,
        f"证书号码第 10 位资格种类代码 {cert.type_code} 与记录的"
        f"“{expected.label}”（{int(expected)}）不一致",
    )


def _year_finding(cert: CertificateNumber, issue_date: date) -> Finding | None:
    # Digits 1-4 are the year of grant, which is the 批准日期 itself: no tolerance either way.
    if cert.year == issue_date.year:
        return None
    return Finding(
        "cert_year_mismatch",
        FIELD,
        f"证书号码年份 {cert.year} 与批准日期 {issue_date.isoformat()} 的年份不一致",
    )


def _province_finding(cert: CertificateNumber, province: str) -> Finding | None:
    if cert.province_code == province:
        return None
    return Finding(
        "cert_province_mismatch",
        FIELD,
        f"证书号码第 5–6 位省份代码 {cert.province_code} 与认定机构所在省份 {province} 不一致",
    )


def check_certificate_number(
    number: str,
    *,
    qualification_type: QualificationType | int | None = None,
    issue_date: date | None = None,
    province_code: str | None = None,
    gender: Gender | str | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Every problem with a certificate number and its agreement with the record.

    A bad number never raises, it yields findings; a bad *record* value (type 9, province "4")
    raises InvalidInput. ``issue_date`` is the grant date (批准日期): a reissued booklet (补发)
    keeps the number and the original grant date. ``province_code`` is the authority's province
    (2 digits) or its 6-digit division code.
    """
    expected = (
        parse_qualification_type(qualification_type) if qualification_type is not None else None
    )
    province = _normalize_province(province_code) if province_code is not None else None
    recorded_gender = parse_gender(gender) if gender is not None else None
    try:
        cert = _split(number)
    except InvalidInput as error:
        return [Finding(error.rule or error.code, FIELD, error.message)]
    errors = _intrinsic_errors(cert, today or date.today())
    candidates = [
        *(Finding(e.rule or e.code, FIELD, e.message) for e in errors),
        _type_finding(cert, expected) if expected is not None else None,
        _year_finding(cert, issue_date) if issue_date is not None else None,
        _province_finding(cert, province) if province is not None else None,
        _gender_finding(cert, recorded_gender) if recorded_gender is not None else None,
    ]
    return [finding for finding in candidates if finding is not None]
