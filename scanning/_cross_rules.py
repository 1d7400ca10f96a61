"""The cross-field rules of the information page, all from ``core.rules``: the ID number's
birth segment and order digit, the certificate number's year, type, province and gender
digits, and a holder's age at grant. ``scanning._rulesets`` holds each field's own rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from core.errors import InvalidInput
from core.rules import (
    GENDER_DIGIT_SINCE,
    Finding,
    Gender,
    QualificationType,
    check_certificate_number,
    id_number_findings,
    parse_qualification_type,
)
from scanning import _vocab
from scanning import _vocab_registry as reg
from scanning._places import AUTHORITY_SUFFIXES, sharing_prefectures

if TYPE_CHECKING:
    from scanning._validate import Value

ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
CERT_SHAPE = re.compile(r"^[0-9]{17}$")
ADULT_AT_ISSUE = 18
PROVINCE_RULE = "证书号码省份代码与发证机关"
# The gender digit took over "about 2009": a few years' grace before 0/1 stop being candidates.
GENDER_DIGITS_ONLY = GENDER_DIGIT_SINCE + 3


def type_value(t: str) -> str | None:
    """The full label of the qualification type ``t`` names, else None."""
    try:
        return parse_qualification_type(t).label
    except InvalidInput:
        return None


def id_gender(ident: str) -> str:
    """The gender the ID's order digit (17th character) encodes."""
    return str(Gender.MALE if int(ident[16]) % 2 else Gender.FEMALE)


def qtype(label: str) -> QualificationType:
    """The qualification type of a full label."""
    return parse_qualification_type(label)


@cache
def type_digit(label: str) -> str:
    """Digit 10 of the certificate number for a qualification type's label."""
    return str(int(parse_qualification_type(label)))


def authority_provinces(authority: str, known: reg.Known = reg.NONE) -> frozenset[str]:
    """Province codes an authority may lie in: its place chain's, and the registry's codes."""
    return _vocab.authority_provinces(authority) | reg.provinces(known, authority)


def province_agrees(cert: str, authority: str, known: reg.Known = reg.NONE) -> bool:
    """The number's province digits name a province the authority's place lies in."""
    provinces = authority_provinces(authority, known)
    return not provinces or cert[4:6] in provinces


def cert_gender_agrees(cert: str, gender: Gender) -> bool:
    """Digit 11: 1 male / 2 female since about 2009 (from 2012 on nothing else is read as a
    valid number); older books used 0/1, where 1 proves nothing."""
    digit, year = cert[10], int(cert[:4])
    if digit == "2":
        return gender is Gender.FEMALE
    if digit == "1" and year >= GENDER_DIGIT_SINCE:
        return gender is Gender.MALE
    return digit in "01" and year < GENDER_DIGITS_ONLY


def in_subjects(value: str | None) -> bool:
    """A subject from the list of common subjects."""
    return value in _vocab.SUBJECTS


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _province_finding(cert: str, authority: str | None, known: reg.Known) -> Finding | None:
    """The number's province digits name none of the provinces the authority's place may lie
    in (西区教育局: 43 or 51; a number of 36 fits neither)."""
    provinces = authority_provinces(authority, known) if authority else frozenset()
    if not provinces or cert[4:6] in provinces:
        return None
    return Finding("cert_province_mismatch", "certificate_number",
                   f"证书号码第 5–6 位省份代码 {cert[4:6]} 与发证机关“{authority}”所在省份 "
                   f"{'、'.join(sorted(provinces))} 不一致", "error",
                   {"rule": PROVINCE_RULE})


def cross_findings(out: Mapping[str, Value], today: date, known: reg.Known = reg.NONE) -> None:
    """No combination satisfies every rule: name each cross-field rule the chosen values break."""
    ident, cert = out["id_number"].value, out["certificate_number"].value
    if ident and ID_SHAPE.match(ident):
        gender = out["gender"].value
        for f in id_number_findings(ident, birth_date=_iso(out["birth_date"].value),
                                    gender=gender if gender in ("男", "女") else None, today=today):
            _blame(out, f, {"id_birth_date_mismatch": "birth_date", "id_gender_mismatch": "gender"})
    if cert and CERT_SHAPE.match(cert):
        label, gender = type_value(out["qualification_type"].value or ""), out["gender"].value
        found = check_certificate_number(
            cert,
            qualification_type=qtype(label) if label else None,
            issue_date=_iso(out["issue_date"].value),
            gender=gender if gender in ("男", "女") else None,
            today=today,
        )
        province = _province_finding(cert, out["issuing_authority"].value, known)
        found += [province] if province else []
        other = {"cert_year_mismatch": "issue_date", "cert_type_mismatch": "qualification_type",
                 "cert_province_mismatch": "issuing_authority", "cert_gender_mismatch": "gender"}
        for f in found:
            _blame(out, f, other)


def _blame(out: Mapping[str, Value], f: Finding, other: Mapping[str, str]) -> None:
    """A broken cross rule flags the field it was checked on and the field it compares with."""
    if any(x.code == f.code for x in out[f.field].findings):
        return
    out[f.field].fail(f, 0.3 if f.severity == "error" else 0.5)
    if f.code in other:
        peer = other[f.code]
        out[peer].fail(Finding(f.code, peer, f.message, f.severity), 0.5)


def adult_at(born: date, issued: date) -> bool:
    """Whether a holder born on ``born`` is of age (``ADULT_AT_ISSUE``) on ``issued``."""
    age = issued.year - born.year - ((issued.month, issued.day) < (born.month, born.day))
    return age >= ADULT_AT_ISSUE


def plausibility(out: Mapping[str, Value], today: date) -> None:
    """A holder is an adult when the certificate is granted."""
    born, issued = _iso(out["birth_date"].value), _iso(out["issue_date"].value)
    if born and issued and not adult_at(born, issued):
        message = f"批准日期 {issued} 时持证人不满 {ADULT_AT_ISSUE} 周岁（出生日期 {born}）"
        for key in ("birth_date", "issue_date"):
            out[key].fail(Finding("implausible_age", key, message), 0.3)


GROUP_RULES = {"certificate_number": "证书号码与批准日期、资格种类、发证机关、性别",
               "id_number": "身份证号码出生日期段与性别位"}


def broken_rules(
    out: Mapping[str, Value], group: tuple[str, ...], known: reg.Known = reg.NONE
) -> list[str]:
    """The cross rules the shown values of a group break (only where both values are well
    formed enough to compare)."""
    if group[0] == "certificate_number":
        return _cert_breaks(out, known)
    ident, born, gender = (out[k].value or "" for k in ("id_number", "birth_date", "gender"))
    if not ID_SHAPE.match(ident):
        return []
    broken = ["身份证号码出生日期段"] if born and ident[6:14] != born.replace("-", "") else []
    return broken + (["身份证号码性别位"] if gender in ("男", "女") and id_gender(ident) != gender
                     else [])


def _cert_breaks(out: Mapping[str, Value], known: reg.Known) -> list[str]:
    cert = out["certificate_number"].value or ""
    if not CERT_SHAPE.match(cert):
        return []
    issued, label = out["issue_date"].value, type_value(out["qualification_type"].value or "")
    authority, gender = out["issuing_authority"].value, out["gender"].value
    checks = [
        ("证书号码年份与批准日期", bool(issued) and cert[:4] != (issued or "")[:4]),
        ("证书号码资格种类代码", bool(label) and cert[9] != type_digit(label or "")),
        (PROVINCE_RULE, bool(authority) and not province_agrees(cert, authority or "", known)),
        ("证书号码性别位", gender in ("男", "女") and not cert_gender_agrees(cert, Gender(gender))),
    ]
    return [rule for rule, broken in checks if broken]


SHARED_RULE = "机关名称须唯一确定行政区划"


def shared_place(out: Mapping[str, Value], known: reg.Known = reg.NONE) -> None:
    """An authority named by a county-level place alone that several prefectures of the
    number's province have had at once (市中区教育局 in 37: 济南, 枣庄, 济宁) names no one
    office: its city was lost, or never printed; the registry's own names excepted."""
    v, cert = out["issuing_authority"], out["certificate_number"].value or ""
    if not v.value or v.blocking or not CERT_SHAPE.match(cert) or v.value in reg.names(known):
        return
    suffix = next((s for s in AUTHORITY_SUFFIXES if v.value.endswith(s)), "")
    place = v.value[: len(v.value) - len(suffix)]
    cities = sharing_prefectures(place, cert[4:6]) if suffix else ()
    if cities:
        v.fail(Finding(
            "ambiguous", "issuing_authority",
            f"发证机关“{v.value}”未写所属的市，证书号码所在省份有多个{place}（"
            f"{'、'.join(cities)}），请核对", "warning",
            {"rule": SHARED_RULE, "candidates": [[c + v.value, 0.0] for c in cities]}), 0.5)
