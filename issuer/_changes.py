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
    RegistrationDecision,
    StatusChange,
    check_not_future,
    clean_text,
    parse_registration_conclusion,
    register,
    require_in_force,
    transition,
)
from core.settings import Settings
from core.states import AnnotationKind, QualificationStatus, StatusEventKind

__all__ = [
    "ANNOTATION_KINDS",
    "IssueOutcome",
    "add_registration",
    "annotate",
    "apply_status_change",
    "forfeit",
    "issue_current",
    "parse_annotation_kind",
    "reinstate",
    "revoke",
]

#: Annotation kinds as stored, and the words users may type for them (the labels, 其他).
ANNOTATION_KINDS: dict[str, AnnotationKind] = {
    **{kind.value: kind for kind in AnnotationKind},
    **{kind.zh: kind for kind in AnnotationKind},
    "其他": AnnotationKind.OTHER,
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


def require_valid(cert: Certificate, what: str) -> None:
    """Conflict unless the certificate's qualification is in force (core's rule)."""
    try:
        require_in_force(cert.status, what)
    except Conflict as refused:
        raise _about(cert, refused) from None


def _about(cert: Certificate, refused: Conflict) -> Conflict:
    return Conflict(f"证书 {cert.number}：{refused.message}", code=refused.code,
                    number=cert.number)


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
        col(Certificate.status).in_(_RESTRICTED))).first()


def add_registration(
    session: Session, number: str, *, conclusion: str, decision_date: date,
    valid_from: date | None = None, valid_until: date | None = None,
    authority: str | None = None, actor: str,
) -> Registration:
    """Record a 定期注册 conclusion through core's :func:`register` (注册合格 with its 5-year
    period, 暂缓注册, 注册不合格); contradictory conclusions on one date are refused."""
    cert = certificate_by_number(session, number)
    parsed = parse_registration_conclusion(conclusion, field="conclusion")
    check_not_future(decision_date, field="decision_date", today=today())
    restricted = _restriction_of_holder(session, cert.holder_id)
    if restricted is not None:
        label = QualificationStatus(restricted.status).zh
        raise Conflict(f"持证人的证书 {restricted.number} {label}，不能定期注册"
                       " (holder is in the restriction list)",
                       code="holder_restricted", number=restricted.number)
    known = session.exec(select(Registration).where(
        Registration.certificate_id == cert.id)).all()
    try:
        accepted = register(known, RegistrationDecision(parsed, decision_date, valid_from,
                                                        valid_until), qualification=cert.status)
    except Conflict as refused:
        raise _about(cert, refused) from None
    decision = accepted.decision
    assert cert.id is not None
    reg = Registration(certificate_id=cert.id, conclusion=decision.conclusion,
                       valid_from=decision.valid_from, valid_until=decision.valid_until,
                       authority=authority or authority_name(session, cert),
                       decision_date=decision_date, created_by=actor)
    session.add(reg)
    touch(session, cert, actor=actor, action="registration.add")
    session.flush()
    record_event(session, actor=actor, action="registration.add", entity_type="registration",
                 entity_id=f"{cert.number}/{reg.id}", after=reg.model_dump(mode="json"))
    return reg


# ---- annotations ----------------------------------------------------------------------------

def parse_annotation_kind(kind: str) -> AnnotationKind:
    """reissue|exchange|correction|other, also typed as 补发|换发|更正|其他 (or 备注)."""
    found = ANNOTATION_KINDS.get((kind or "").strip().casefold())
    if found is None:
        typed = "/".join(k.zh for k in AnnotationKind if k is not AnnotationKind.OTHER)
        raise InvalidInput(f"未知的备注类型 {kind!r}（应为 {typed}/其他）", field="kind",
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
    if stored.reprints:
        require_valid(cert, f"{AnnotationKind.REISSUE.zh}或{AnnotationKind.EXCHANGE.zh}")
    assert cert.id is not None
    ann = Annotation(certificate_id=cert.id, kind=stored, date=day, text=body,
                     authority=authority or authority_name(session, cert), created_by=actor)
    session.add(ann)
    superseded = supersede_credentials(session, cert.id) if stored.reprints else 0
    touch(session, cert, actor=actor, action=f"annotation.{stored.value}")
    session.flush()
    record_event(session, actor=actor, action=f"annotation.{stored.value}",
                 entity_type="annotation", entity_id=f"{cert.number}/{ann.id}",
                 after={**ann.model_dump(mode="json"), "credentials_superseded": superseded})
    return ann


# ---- revocation, forfeiture, reinstatement, replacement -------------------------------------

def apply_status_change(
    session: Session, cert: Certificate, change: StatusChange, *, reason: str, document: str,
    actor: str, changes: dict[str, Any] | None = None, action: str | None = None,
) -> StatusEvent:
    """The one writer of ``Certificate.status``: core's :func:`transition` decides the new
    status (or refuses), the status event is appended, and the column is set from it in the
    same compare-and-set (with any other ``changes``)."""
    try:
        result = transition(cert.status, change)
    except Conflict as refused:
        raise _about(cert, refused) from None
    assert cert.id is not None
    kind = change.kind
    event = StatusEvent(certificate_id=cert.id, kind=kind, effective_date=change.effective_date,
                        reason=required_text(reason, "reason"),
                        decision_document=required_text(document, "document"),
                        reapply_after=result.reapply_after, replaced_by=change.replaced_by,
                        created_by=actor)
    session.add(event)
    session.flush()
    record_event(session, actor=actor, action=f"status.{kind.value}", entity_type="status_event",
                 entity_id=f"{cert.number}/{event.id}", after=event.model_dump(mode="json"))
    touch(session, cert, actor=actor, action=action or f"status.{kind.value}",
          changes={"status": result.status, **(changes or {})})
    return event


def _change_status(
    session: Session, number: str, *, kind: StatusEventKind, reason: str, document: str,
    effective_date: date | None, actor: str,
) -> StatusEvent:
    cert = certificate_by_number(session, number)
    required_text(reason, "reason")
    required_text(document, "document")
    effective = effective_date or today()
    check_not_future(effective, field="effective_date", today=today())
    return apply_status_change(session, cert, StatusChange(kind, effective), reason=reason,
                               document=document, actor=actor)


def revoke(
    session: Session, number: str, *, reason: str, document: str,
    effective_date: date | None = None, actor: str,
) -> StatusEvent:
    """撤销 (art. 19): no new application for 5 years from the decision."""
    return _change_status(session, number, kind=StatusEventKind.REVOCATION, reason=reason,
                          document=document, effective_date=effective_date, actor=actor)


def forfeit(
    session: Session, number: str, *, reason: str, document: str,
    effective_date: date | None = None, actor: str,
) -> StatusEvent:
    """丧失 (art. 18): permanent."""
    return _change_status(session, number, kind=StatusEventKind.FORFEITURE, reason=reason,
                          document=document, effective_date=effective_date, actor=actor)


def reinstate(
    session: Session, number: str, *, reason: str, document: str,
    effective_date: date | None = None, actor: str,
) -> StatusEvent:
    """The revocation or forfeiture decision was overturned: the certificate is valid again."""
    return _change_status(session, number, kind=StatusEventKind.REINSTATEMENT, reason=reason,
                          document=document, effective_date=effective_date, actor=actor)


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
    from issuer._context import issuer_context
    from issuer._issuance import Selection, issue_batch

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
