"""The record exchange format (``records.jsonl``): what ``ecert scan`` writes and
``ecert records import`` reads, and its validation against the domain rules."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from core.errors import InvalidInput, MalformedFile
from core.rules import (
    Gender,
    IdNumber,
    QualificationType,
    RegistrationConclusion,
    check_certificate_number,
    check_not_future,
    parse_certificate_number,
    parse_gender,
    parse_qualification_type,
    parse_registration_conclusion,
    registration_period,
    validate_id_number,
)
from core.scanned import INFORMATION_FIELDS, finding_from_json, needs_review
from core.states import AnnotationKind

__all__ = [
    "INFORMATION_FIELDS",
    "MISSING_REVIEWABLE",
    "REQUIRED_FIELDS",
    "REVIEWABLE_RULES",
    "AnnotationIn",
    "ReissueIn",
    "StatusIn",
    "InvalidRecord",
    "RecordIn",
    "RegistrationIn",
    "ValidRecord",
    "iter_jsonl",
    "validate_record",
]

REQUIRED_FIELDS = INFORMATION_FIELDS
ANNOTATION_KINDS = {kind.value for kind in AnnotationKind}


class AnnotationIn(BaseModel):
    """A remark (备注) to record: an entry of a record's ``annotations`` in records.jsonl, or the
    body of the admin API's annotate route (where ``issue`` applies)."""

    model_config = ConfigDict(extra="ignore")
    kind: str = Field("other",
                      description="reissue|exchange|correction|other or 补发|换发|更正|其他")
    text: str
    date: dt.date | None = None
    authority: str | None = None
    issue: bool = Field(True, description="补发/换发: issue the new credential version now")


class RegistrationIn(BaseModel):
    """A registration conclusion (定期注册) to record: an entry of a record's ``registrations``
    in records.jsonl (decision date under ``date``) or the admin API's body (``decision_date``)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    conclusion: str = Field(description=" | ".join(RegistrationConclusion))
    decision_date: dt.date | None = Field(
        None, validation_alias=AliasChoices("decision_date", "date"),
        description="required (records.jsonl: ``date``, default: valid_from)")
    valid_from: dt.date | None = Field(None, description="qualified only; default: decision date")
    valid_until: dt.date | None = Field(None, description="qualified only; default: 5-year period")
    authority: str | None = None

    def required_decision_date(self) -> dt.date:
        """The decision date, which every stored registration has (422 when missing)."""
        if self.decision_date is None:
            raise InvalidInput("缺少注册决定日期 decision_date is required",
                               field="decision_date", rule="required")
        return self.decision_date


class StatusIn(BaseModel):
    """A status change to record (撤销 / 丧失 / 恢复): the admin API's body and the console's
    form, with the decision document it rests on."""

    reason: str
    document: str = Field(description="decision document (决定文书)")
    effective_date: dt.date | None = None


class ReissueIn(BaseModel):
    """A correction that makes a new booklet (换发): the admin API's body and the console's form;
    only gender, qualification type and certificate number may change."""

    field: str = Field(description="gender | qualification_type | certificate_number")
    new_value: str
    reason: str
    document: str | None = None
    issue: bool = Field(True, description="issue the corrected credential now")


class RecordIn(BaseModel):
    """One line of records.jsonl, as written by the scanner (fields may be null)."""

    model_config = ConfigDict(extra="ignore")
    source: str | None = None
    school: str | None = None
    name: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    id_type: str = "resident_id"
    id_number: str | None = None
    qualification_type: str | int | None = None
    subject: str | None = None
    certificate_number: str | None = None
    issuing_authority: str | None = None
    issue_date: date | None = None
    annotations: list[AnnotationIn] = []
    registrations: list[RegistrationIn] = []
    photo: str | None = None
    #: normalised page images (paths relative to the scan folder) and, per field, where it was
    #: read: {"name": {"page": 0, "box": [x0, y0, x1, y1]}} in that page image's pixels
    pages: list[str] = []
    evidence: dict[str, Any] = {}
    needs_review: bool = False
    confidence: dict[str, float] = {}
    #: ``core.rules.Finding.to_dict()`` objects; plain "code [field] message" strings in files
    #: written by earlier versions (read with ``core.scanned.finding_from_json``)
    findings: list[str | dict[str, Any]] = []
    criminal_check_done: bool = False

    @property
    def flagged(self) -> bool:
        """Needs a person: flagged by the scanner, or by the scanner's own rule over its
        findings and confidences (a hand-edited line cannot unflag a blocking finding)."""
        findings = [finding_from_json(f) for f in self.findings]
        return self.needs_review or needs_review(findings, self.confidence)


@dataclass(frozen=True)
class ValidRecord:
    """A record that passed every rule, with parsed values."""

    raw: RecordIn
    name: str
    gender: Gender
    birth_date: date
    id_type: str
    id_number: str
    qualification_type: QualificationType
    subject: str
    certificate_number: str
    authority_code: str
    authority_name: str
    issue_date: date
    registrations: list[RegistrationIn] = field(default_factory=list)
    #: rule violations kept for review (only with ``for_review``); empty for a clean record
    problems: tuple[InvalidInput, ...] = ()
    #: information fields the scanner could not read (only with ``for_review``): the value
    #: above is a stand-in that is never shown, exported or approved (see MISSING_STAND_INS)
    missing: tuple[str, ...] = ()


#: Rules a scanned, flagged record may break and still be stored for a clerk to correct: the
#: value is there but disagrees with a check. Missing or unparseable values are never stored.
REVIEWABLE_RULES = frozenset({
    "id_checksum", "id_format", "id_birth_date", "id_division", "id_birth_date_mismatch",
    "id_gender_mismatch", "cert_type_mismatch", "cert_year_mismatch", "cert_province_mismatch",
    "cert_gender_mismatch", "date_in_future",
})


#: Fields a flagged record may lack and still be stored for a clerk to type in. The certificate
#: number may not: it names the authority, hence the region whose clerks may see the record.
MISSING_REVIEWABLE = frozenset(INFORMATION_FIELDS) - {"certificate_number"}
#: Rules that mean "this field's value is unusable", so the field counts as missing for review.
_UNUSABLE_RULES = frozenset({"required", "unknown_gender", "unknown_qualification_type"})


class InvalidRecord(InvalidInput):
    """A record breaking one or more rules; ``problems`` lists each (field, rule, message)."""

    code = "invalid_record"

    def __init__(self, problems: list[InvalidInput], *, line: int | None = None) -> None:
        where = f"line {line}: " if line is not None else ""
        text = "; ".join(f"{p.field}: {p.message} [{p.rule}]" for p in problems)
        first = problems[0]
        super().__init__(where + text, field=first.field, rule=first.rule, line=line)
        self.problems = problems
        self.details["problems"] = [p.to_dict() for p in problems]


def iter_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object); blank lines are skipped, bad JSON raises with its line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedFile(
                f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})",
                rule="malformed_jsonl", line=number,
            ) from exc
        if not isinstance(obj, dict):
            raise MalformedFile(
                f"line {number}: expected a JSON object", rule="malformed_jsonl", line=number
            )
        yield number, obj


def _parse_model(obj: dict[str, Any], line: int | None) -> RecordIn:
    try:
        return RecordIn.model_validate(obj)
    except PydanticValidationError as exc:
        problems = [
            InvalidInput(
                str(err["msg"]), field=".".join(str(p) for p in err["loc"]), rule="bad_value"
            )
            for err in exc.errors()
        ]
        raise InvalidRecord(problems, line=line) from None


class _Collector:
    def __init__(self) -> None:
        self.problems: list[InvalidInput] = []

    def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            self.problems.append(exc)
            return None

    def add(self, message: str, *, field: str, rule: str) -> None:
        self.problems.append(InvalidInput(message, field=field, rule=rule))


def _check_required(rec: RecordIn, c: _Collector) -> None:
    for name in REQUIRED_FIELDS:
        value = getattr(rec, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            c.add(f"{name} is required", field=name, rule="required")


def _check_dates(rec: RecordIn, c: _Collector, today: date) -> None:
    for name in ("birth_date", "issue_date"):
        value = getattr(rec, name)
        if value is not None:
            c.run(check_not_future, value, field=name, today=today)
    for i, ann in enumerate(rec.annotations):
        if ann.date is not None:
            c.run(check_not_future, ann.date, field=f"annotations[{i}].date", today=today)
        if ann.kind not in ANNOTATION_KINDS:
            c.add(f"unknown annotation kind {ann.kind!r}", field=f"annotations[{i}].kind",
                  rule="unknown_annotation_kind")
    for i, reg in enumerate(rec.registrations):
        if reg.decision_date is not None:
            c.run(check_not_future, reg.decision_date, field=f"registrations[{i}].date",
                  today=today)


def _normalize_registrations(rec: RecordIn, c: _Collector) -> list[RegistrationIn]:
    out = []
    for i, reg in enumerate(rec.registrations):
        where = f"registrations[{i}]"
        conclusion = c.run(parse_registration_conclusion, reg.conclusion)
        if conclusion is None:
            continue
        reg = reg.model_copy(update={"conclusion": str(conclusion)})
        if conclusion == RegistrationConclusion.QUALIFIED:
            start = reg.valid_from
            if start is None:
                c.add(f"{conclusion.zh} needs valid_from", field=f"{where}.valid_from",
                      rule="required")
                continue
            if reg.valid_until is None:
                reg = reg.model_copy(update={"valid_until": registration_period(start)[1]})
            if reg.valid_until is not None and reg.valid_until < start:
                c.add("valid_until is before valid_from", field=f"{where}.valid_until",
                      rule="period_order")
        if reg.decision_date is None:
            reg = reg.model_copy(update={"decision_date": reg.valid_from})
        if reg.decision_date is None:
            c.add("registration decision date is required", field=f"{where}.date",
                  rule="required")
        out.append(reg)
    return out


def _cross_checks(
    rec: RecordIn, c: _Collector, idn: IdNumber | None, qtype: QualificationType | None,
    gender: Gender | None,
) -> None:
    if idn is not None and rec.id_type == "resident_id":
        if rec.birth_date is not None and idn.birth_date != rec.birth_date:
            c.add("birth date differs from the one in the ID number", field="birth_date",
                  rule="id_birth_date_mismatch")
        if gender is not None and idn.gender != gender:
            c.add("gender differs from the ID number's order code", field="gender",
                  rule="id_gender_mismatch")
    if rec.certificate_number is None:
        return
    findings = check_certificate_number(
        rec.certificate_number, qualification_type=qtype, issue_date=rec.issue_date,
        gender=gender,
    )
    for f in findings:
        if f.severity == "error":
            c.add(f.message, field=f.field, rule=f.code)


def validate_record(
    obj: dict[str, Any], *, today: date, line: int | None = None, for_review: bool = False
) -> ValidRecord:
    """Check one record against every rule; raise InvalidRecord listing each problem.

    With ``for_review``, a record the scanner flagged (``needs_review``) whose only problems are
    in REVIEWABLE_RULES, or are fields it could not read (MISSING_REVIEWABLE), is returned with
    those problems instead, to be corrected on the review page; approval re-validates it
    strictly.
    """
    rec = _parse_model(obj, line)
    c = _Collector()
    _check_required(rec, c)
    _check_dates(rec, c, today)
    idn = None
    if rec.id_number and rec.id_type == "resident_id":
        idn = c.run(validate_id_number, rec.id_number, today=today)
    qtype = c.run(parse_qualification_type, rec.qualification_type) if rec.qualification_type \
        is not None else None
    gender = c.run(parse_gender, rec.gender) if rec.gender else None
    cert = c.run(parse_certificate_number, rec.certificate_number) if rec.certificate_number \
        else None
    if cert is not None:
        _cross_checks(rec, c, idn, qtype, gender)
    registrations = _normalize_registrations(rec, c)
    problems = tuple(_dedupe(c.problems))
    missing = tuple(sorted({str(p.field) for p in problems if _unusable(p)},
                           key=INFORMATION_FIELDS.index))
    reviewable = for_review and rec.flagged and cert is not None and all(
        p.rule in REVIEWABLE_RULES or _unusable(p) for p in problems)
    if problems and not reviewable:
        raise InvalidRecord(list(problems), line=line)
    assert cert is not None and (not missing or reviewable)
    return ValidRecord(
        raw=rec, name=(rec.name or "").strip(), gender=gender or _STAND_IN_GENDER,
        birth_date=rec.birth_date or _STAND_IN_DATE, id_type=rec.id_type,
        id_number=idn.number if idn else (rec.id_number or "").strip(),
        qualification_type=qtype or cert.qualification_type or QualificationType(1),
        subject=(rec.subject or "").strip(),
        certificate_number=cert.number, authority_code=cert.province_code + cert.authority_code,
        authority_name=(rec.issuing_authority or "").strip(),
        issue_date=rec.issue_date or date(cert.year, 1, 1),
        registrations=registrations, problems=problems, missing=missing,
    )


#: Stand-ins stored for fields a record for review lacks (the columns are NOT NULL). The record
#: lists them in ``missing``; the registry exports, shows and validates them as absent, so a
#: stand-in is never mistaken for a value and a record with one can never be approved.
_STAND_IN_GENDER = Gender.MALE
_STAND_IN_DATE = date(1900, 1, 1)


def _unusable(problem: InvalidInput) -> bool:
    return problem.rule in _UNUSABLE_RULES and problem.field in MISSING_REVIEWABLE


def _dedupe(problems: list[InvalidInput]) -> list[InvalidInput]:
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for p in problems:
        if (p.field, p.rule) not in seen:
            seen.add((p.field, p.rule))
            out.append(p)
    return out
