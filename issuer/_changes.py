"""Status changes on the registry: registration conclusions, annotations, reissue, revocation,
forfeiture and reinstatement.

Each function takes a session and keyword-only arguments, changes the certificate with a
compare-and-set on ``row_version`` (``core.registry.update_certificate``) so that two admins
acting at once cannot silently overwrite each other, and queues audit events in the same
transaction. Reissue (换发 after an error) lives in ``issuer._reissue`` and uses the helpers
here. Issuing the new credential after a change is done by the caller after commit
(:func:`issue_current`), because issuance commits its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import today
from core.errors import Conflict, EcertError, InvalidInput
from core.models import (
    Annotation,
    Authority,
    Certificate,
    Credential,
    Registration,
    StatusEvent,
)
from core.registry import certificate_by_number, update_certificate
from core.rules import (
    QualificationStatus,
    RegistrationConclusion,
    StatusEventKind,
    check_not_future,
    clean_text,
    parse_registration_conclusion,
    qualification_status,
    registration_period,
)
from core.settings import Settings

__all__ = [
    "ANNOTATION_KINDS",
    "IssueOutcome",
    "add_registration",
    "annotate",
    "forfeit",
    "issue_current",
    "parse_annotation_kind",
    "reinstate",
    "revoke",
]

#: Annotation kinds as stored, and the words users may type for them.
ANNOTATION_KINDS: dict[str, str] = {
    "reissue": "reissue", "补发": "reissue", "exchange": "exchange", "换发": "exchange",
    "correction": "correction", "更正": "correction", "other": "other", "其他": "other",
    "备注": "other",
}
_RESTRICTED = (QualificationStatus.REVOKED, QualificationStatus.FORFEITED)


def required_text(value: str | None, field: str) -> str:
    """The stripped value; InvalidInput when empty, too long or holding control characters."""
    return clean_text(value, field)


def authority_name(session: Session, cert: Certificate) -> str:
    """The name of the certificate's authority (the default for annotations/registrations)."""
    authority = session.get(Authority, cert.authority_id)
    assert authority is not None
    return authority.name


def require_status(cert: Certificate, allowed: tuple[str, ...], what: str) -> None:
    """Conflict unless the certificate's status is one of ``allowed``."""
    if cert.status not in allowed:
        raise Conflict(f"证书 {cert.number} 状态为 {cert.status}，不能{what}",
                       code=f"certificate_{cert.status}", number=cert.number)


def touch(session: Session, cert: Certificate, *, actor: str, action: str,
          changes: dict[str, Any] | None = None) -> Certificate:
    """Compare-and-set on the certificate even when only a child row changes."""
    return update_certificate(session, cert, actor=actor, action=action, changes=changes or {})


def supersede_credentials(session: Session, cert_id: int) -> int:
    """Mark the certificate's current credentials superseded; returns how many."""
    result = session.execute(
        update(Credential)
        .where(col(Credential.certificate_id) == cert_id, col(Credential.superseded).is_(False))
        .values(superseded=True))
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---- registration ---------------------------------------------------------------------------

def _restriction_of_holder(session: Session, holder_id: int) -> Certificate | None:
    return session.exec(select(Certificate).where(
        Certificate.holder_id == holder_id,
        col(Certificate.status).in_([s.value for s in _RESTRICTED]))).first()


def _check_overlap(session: Session, cert: Certificate, start: date, end: date) -> None:
    rows = session.exec(select(Registration).where(
        Registration.certificate_id == cert.id,
        Registration.conclusion == RegistrationConclusion.QUALIFIED.value)).all()
    for reg in rows:
        r_start = reg.valid_from or reg.decision_date
        r_end = reg.valid_until or registration_period(r_start)[1]
        if start <= r_end and r_start <= end:
            raise Conflict(
                f"注册有效期 {start}–{end} 与已有的注册合格期 {r_start}–{r_end} 重叠"
                "（consecutive periods must not overlap）", code="registration_overlap")


def _period(conclusion: RegistrationConclusion, decision_date: date, valid_from: date | None,
            valid_until: date | None) -> tuple[date | None, date | None]:
    if conclusion is not RegistrationConclusion.QUALIFIED:
        if valid_from or valid_until:
            raise InvalidInput(f"{conclusion.value} 没有注册有效期 (no period)",
                               field="valid_from", rule="registration_period_not_allowed")
        return None, None
    start = valid_from or decision_date
    longest = registration_period(start)[1]
    end = valid_until or longest
    if end <= start:
        raise InvalidInput(f"注册有效期结束 {end} 不晚于开始 {start}", field="valid_until",
                           rule="registration_period_order")
    if end > longest:
        raise InvalidInput(f"注册有效期最长 5 年：{start} 起至多到 {longest}",
                           field="valid_until", rule="registration_period_too_long")
    return start, end


def add_registration(
    session: Session, number: str, *, conclusion: str, decision_date: date,
    valid_from: date | None = None, valid_until: date | None = None,
    authority: str | None = None, actor: str,
) -> Registration:
    """Record a 定期注册 conclusion (注册合格 with its 5-year period, 暂缓注册, 注册不合格)."""
    cert = certificate_by_number(session, number)
    parsed = parse_registration_conclusion(conclusion, field="conclusion")
    check_not_future(decision_date, field="decision_date", today=today())
    restricted = _restriction_of_holder(session, cert.holder_id)
    if restricted is not None:
        raise Conflict(f"持证人的证书 {restricted.number} 已{_status_label(restricted.status)}，"
                       "不能定期注册 (holder is in the restriction list)",
                       code="holder_restricted", number=restricted.number)
    require_status(cert, ("valid",), "定期注册")
    start, end = _period(parsed, decision_date, valid_from, valid_until)
    if start is not None and end is not None:
        _check_overlap(session, cert, start, end)
    assert cert.id is not None
    reg = Registration(certificate_id=cert.id, conclusion=parsed.value, valid_from=start,
                       valid_until=end, authority=authority or authority_name(session, cert),
                       decision_date=decision_date, created_by=actor)
    session.add(reg)
    touch(session, cert, actor=actor, action="registration.add")
    session.flush()
    record_event(session, actor=actor, action="registration.add", entity_type="registration",
                 entity_id=f"{cert.number}/{reg.id}", after=reg.model_dump(mode="json"))
    return reg


def _status_label(status: str) -> str:
    return {"revoked": "撤销", "forfeited": "丧失"}.get(status, status)


# ---- annotations ----------------------------------------------------------------------------

def parse_annotation_kind(kind: str) -> str:
    """reissue|exchange|correction|other, also typed as 补发|换发|更正|其他."""
    found = ANNOTATION_KINDS.get((kind or "").strip().casefold())
    if found is None:
        raise InvalidInput(f"未知的备注类型 {kind!r}（应为 补发/换发/更正/其他）", field="kind",
                           rule="unknown_annotation_kind")
    return found


def annotate(
    session: Session, number: str, *, kind: str, text: str, date: date | None = None,
    authority: str | None = None, actor: str,
) -> Annotation:
    """Add a 备注 entry; 补发 and 换发 re-print the booklet (same number), so the current
    credential is superseded and a new version can be issued."""
    cert = certificate_by_number(session, number)
    stored = parse_annotation_kind(kind)
    body = required_text(text, "text")
    day = date or today()
    check_not_future(day, field="date", today=today())
    reprint = stored in ("reissue", "exchange")
    if reprint:
        require_status(cert, ("valid",), "补发或换发")
    assert cert.id is not None
    ann = Annotation(certificate_id=cert.id, kind=stored, date=day, text=body,
                     authority=authority or authority_name(session, cert), created_by=actor)
    session.add(ann)
    superseded = supersede_credentials(session, cert.id) if reprint else 0
    touch(session, cert, actor=actor, action=f"annotation.{stored}")
    session.flush()
    record_event(session, actor=actor, action=f"annotation.{stored}", entity_type="annotation",
                 entity_id=f"{cert.number}/{ann.id}",
                 after={**ann.model_dump(mode="json"), "credentials_superseded": superseded})
    return ann


# ---- revocation, forfeiture, reinstatement --------------------------------------------------

@dataclass(frozen=True)
class _Fact:
    kind: str
    effective_date: date
    replaced_by: str | None = None


def status_event(
    session: Session, cert: Certificate, *, kind: StatusEventKind, reason: str, document: str,
    effective: date, actor: str, replaced_by: str | None = None,
) -> StatusEvent:
    """Add one status event; ``reapply_after`` comes from core's rule (5 years after 撤销)."""
    result = qualification_status([_Fact(kind.value, effective, replaced_by)], effective)
    assert cert.id is not None
    event = StatusEvent(certificate_id=cert.id, kind=kind.value, effective_date=effective,
                        reason=required_text(reason, "reason"),
                        decision_document=required_text(document, "document"),
                        reapply_after=result.reapply_after, replaced_by=replaced_by,
                        created_by=actor)
    session.add(event)
    session.flush()
    record_event(session, actor=actor, action=f"status.{kind.value}", entity_type="status_event",
                 entity_id=f"{cert.number}/{event.id}", after=event.model_dump(mode="json"))
    return event


def _change_status(
    session: Session, number: str, *, kind: StatusEventKind, new_status: QualificationStatus,
    allowed: tuple[str, ...], reason: str, document: str, effective_date: date | None,
    actor: str,
) -> StatusEvent:
    cert = certificate_by_number(session, number)
    required_text(reason, "reason")
    required_text(document, "document")
    effective = effective_date or today()
    check_not_future(effective, field="effective_date", today=today())
    if cert.status == QualificationStatus.FORFEITED and kind is not StatusEventKind.REINSTATEMENT:
        raise Conflict(f"证书 {cert.number} 已丧失教师资格，丧失是永久的，只能恢复",
                       code="forfeiture_is_final", number=cert.number)
    require_status(cert, allowed, kind.label)
    event = status_event(session, cert, kind=kind, reason=reason, document=document,
                          effective=effective, actor=actor)
    touch(session, cert, actor=actor, action=f"status.{kind.value}",
           changes={"status": new_status.value})
    return event


def revoke(
    session: Session, number: str, *, reason: str, document: str,
    effective_date: date | None = None, actor: str,
) -> StatusEvent:
    """撤销 (art. 19): no new application for 5 years from the decision."""
    return _change_status(session, number, kind=StatusEventKind.REVOCATION,
                          new_status=QualificationStatus.REVOKED, allowed=("valid",),
                          reason=reason, document=document, effective_date=effective_date,
                          actor=actor)


def forfeit(
    session: Session, number: str, *, reason: str, document: str,
    effective_date: date | None = None, actor: str,
) -> StatusEvent:
    """丧失 (art. 18): permanent."""
    return _change_status(session, number, kind=StatusEventKind.FORFEITURE,
                          new_status=QualificationStatus.FORFEITED,
                          allowed=("valid", "revoked"), reason=reason, document=document,
                          effective_date=effective_date, actor=actor)


def reinstate(
    session: Session, number: str, *, reason: str, document: str,
    effective_date: date | None = None, actor: str,
) -> StatusEvent:
    """The revocation or forfeiture decision was overturned: the certificate is valid again."""
    return _change_status(session, number, kind=StatusEventKind.REINSTATEMENT,
                          new_status=QualificationStatus.VALID,
                          allowed=("revoked", "forfeited"), reason=reason, document=document,
                          effective_date=effective_date, actor=actor)


# ---- issuance after a change (call after commit) --------------------------------------------

@dataclass(frozen=True)
class IssueOutcome:
    """The credential issued for a certificate after a change, or why it was not."""

    number: str
    version: int | None = None
    qr_text: str | None = None
    pdf_path: str | None = None
    error: dict[str, Any] | None = None


def issue_current(number: str, *, actor: str, settings: Settings) -> IssueOutcome:
    """Issue the certificate's next credential through the batch issuer (after commit)."""
    from core.db import engine_for
    from issuer._batch import Selection, issue_batch
    from issuer._context import issuer_context

    try:
        summary = issue_batch(Selection(numbers=(number,)), ctx=issuer_context(settings),
                              actor=actor, workers=1, engine=engine_for(settings))
    except EcertError as exc:
        return IssueOutcome(number, error=exc.to_dict())
    for art in summary.issued:
        return IssueOutcome(number, art.version, art.qr_text, art.pdf_path)
    for row in summary.existing:
        return IssueOutcome(number, row.version, row.qr_text, row.pdf_path)
    for _, failure in summary.failed:
        return IssueOutcome(number, error=failure.to_dict())
    return IssueOutcome(number, error={"code": "not_issued", "message": "nothing issued"})
