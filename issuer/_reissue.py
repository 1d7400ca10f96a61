"""Reissue (换发) after an error in gender, qualification type or certificate number.

The Gansu 2021 notice: only these three errors justify a new booklet; anything else is corrected
with an annotation on the remarks page. A changed number means a new certificate row that the old
one points to (status ``replaced``); an unchanged number is corrected in place. Either way the
current credentials are superseded so the caller can issue a new version after commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from core.audit import record_event
from core.clock import today
from core.errors import Conflict, InvalidInput
from core.models import Annotation, Authority, Certificate, Holder, Registration
from core.registry import certificate_by_number, certificate_snapshot
from core.rules import (
    StatusChange,
    check_certificate_number,
    parse_certificate_number,
    parse_gender,
    parse_qualification_type,
)
from core.states import AnnotationKind, StatusEventKind
from issuer._changes import (
    apply_status_change,
    authority_name,
    require_valid,
    required_text,
    supersede_credentials,
    touch,
)

__all__ = ["REISSUE_FIELDS", "REISSUE_RULE", "ReissueResult", "reissue"]

REISSUE_FIELDS = ("gender", "qualification_type", "certificate_number")
REISSUE_RULE = ("只有性别、资格种类或证书号码有误才能换发证书；其他错误在备注页标注说明并加盖公章"
                "（only an error in gender, qualification type or certificate number justifies "
                "reissuing; correct anything else with an annotation）")
_FIELD_LABELS = {"gender": "性别", "qualification_type": "资格种类",
                 "certificate_number": "证书号码"}
# From 2009 digit 11 is 1 male / 2 female; older books used 0/1, so it is never inferred there.
_GENDER_DIGIT_SINCE = 2009


@dataclass(frozen=True)
class ReissueResult:
    """What a reissue did: ``new_number`` equals ``old_number`` when corrected in place."""

    old_number: str
    new_number: str
    field: str
    old_value: str
    new_value: str

    @property
    def in_place(self) -> bool:
        """True when the number did not change and the record was corrected in place."""
        return self.old_number == self.new_number


def _with_digit(number: str, index: int, digit: int) -> str:
    return number[:index] + str(digit) + number[index + 1:]


def _corrected(cert: Certificate, holder: Holder, field: str, value: str) -> tuple[str, str, str]:
    """(old value, new value, new number) for the corrected field."""
    parsed = parse_certificate_number(cert.number, today=today())
    if field == "gender":
        new = parse_gender(value, field="value").value
        number = cert.number
        if parsed.year >= _GENDER_DIGIT_SINCE and parsed.gender_digit in (1, 2):
            number = _with_digit(cert.number, 10, 1 if new == "男" else 2)
        return holder.gender, new, number
    if field == "qualification_type":
        qtype = int(parse_qualification_type(value))
        return str(cert.qualification_type), str(qtype), _with_digit(cert.number, 9, qtype)
    new_number = parse_certificate_number(value.strip(), today=today()).number
    return cert.number, new_number, new_number


def _check_new_number(session: Session, cert: Certificate, number: str, qtype: int,
                      gender: str) -> None:
    authority = session.get(Authority, cert.authority_id)
    assert authority is not None
    errors = [f for f in check_certificate_number(
        number, qualification_type=qtype, issue_date=cert.issue_date,
        province_code=authority.code[:2], gender=gender, today=today())
        if f.severity == "error"]
    if errors:
        raise InvalidInput(f"更正后的证书号码 {number} 不一致：{errors[0].message}",
                           field="value", rule=errors[0].code)
    if number != cert.number and session.exec(
            select(Certificate.id).where(Certificate.number == number)).first() is not None:
        raise Conflict(f"证书号码 {number} 已被其他证书使用", code="duplicate_certificate_number")


def _copy_certificate(session: Session, cert: Certificate, number: str, qtype: int,
                      actor: str) -> Certificate:
    skip = {"id", "number", "status", "replaced_by_id", "row_version", "created_at",
            "created_by", "updated_at", "qualification_type"}
    fields = {k: v for k, v in cert.model_dump().items() if k not in skip}
    new = Certificate(**fields, number=number, qualification_type=qtype, created_by=actor)
    session.add(new)
    session.flush()
    assert new.id is not None
    for ann in session.exec(select(Annotation).where(Annotation.certificate_id == cert.id)):
        session.add(Annotation(**ann.model_dump(exclude={"id", "certificate_id"}),
                               certificate_id=new.id))
    for reg in session.exec(select(Registration).where(Registration.certificate_id == cert.id)):
        session.add(Registration(**reg.model_dump(exclude={"id", "certificate_id"}),
                                 certificate_id=new.id))
    record_event(session, actor=actor, action="reissue.create", entity_type="certificate",
                 entity_id=number, after=certificate_snapshot(new))
    return new


def _correction_note(session: Session, cert: Certificate, text: str, actor: str) -> None:
    assert cert.id is not None
    session.add(Annotation(certificate_id=cert.id, kind=AnnotationKind.CORRECTION, date=today(),
                           text=text,
                           authority=authority_name(session, cert), created_by=actor))


def _set_holder_gender(session: Session, holder: Holder, gender: str, *, actor: str,
                       number: str) -> None:
    before = {"gender": holder.gender}
    holder.gender = gender
    session.add(holder)
    record_event(session, actor=actor, action="reissue.holder_gender", entity_type="holder",
                 entity_id=str(holder.id), before=before,
                 after={"gender": gender, "certificate": number})


def reissue(
    session: Session, number: str, *, field: str, new_value: str, reason: str,
    document: str | None = None, actor: str,
) -> ReissueResult:
    """Correct gender, qualification type or certificate number by reissuing the certificate."""
    if field not in REISSUE_FIELDS:
        raise InvalidInput(f"不能因“{field}”换发证书：{REISSUE_RULE}", field="field",
                           rule="reissue_not_allowed")
    why = required_text(reason, "reason")
    cert = certificate_by_number(session, number)
    require_valid(cert, AnnotationKind.EXCHANGE.zh)
    holder = session.get(Holder, cert.holder_id)
    assert holder is not None and cert.id is not None
    old_value, value, new_number = _corrected(cert, holder, field, new_value)
    if old_value == value:
        raise InvalidInput(f"{_FIELD_LABELS[field]}已是 {value}，无需更正", field="value",
                           rule="reissue_no_change")
    gender = value if field == "gender" else holder.gender
    qtype = int(value) if field == "qualification_type" else cert.qualification_type
    _check_new_number(session, cert, new_number, qtype, gender)
    if field == "gender":
        _set_holder_gender(session, holder, value, actor=actor, number=cert.number)
    result = ReissueResult(cert.number, new_number, field, old_value, value)
    note = f"{_FIELD_LABELS[field]}有误，由“{old_value}”更正为“{value}”（{why}）"
    supersede_credentials(session, cert.id)
    if result.in_place:
        _correction_note(session, cert, note + "，换发证书", actor)
        touch(session, cert, actor=actor, action="reissue.in_place")
        return result
    new = _copy_certificate(session, cert, new_number, qtype, actor)
    _correction_note(session, new, f"{note}，原证书号码 {cert.number}", actor)
    _correction_note(session, cert, f"{note}，换发新证书 {new_number}", actor)
    change = StatusChange(StatusEventKind.REPLACEMENT, today(), replaced_by=new_number)
    apply_status_change(session, cert, change, reason=why, actor=actor,
                        document=document or f"更正换发 {new_number}",
                        changes={"replaced_by_id": new.id}, action="reissue.replace")
    return result
