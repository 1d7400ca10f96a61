"""Data access for the registry: authorities, holders, certificates, import and export.

Functions take a session and keyword-only arguments, record every change in the audit log in
the same transaction, and raise ``core.errors`` exceptions for broken rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import today, utcnow
from core.errors import Conflict, NotFound
from core.identity import IdVault
from core.models import Annotation, Authority, Certificate, Holder, Registration
from core.records import InvalidRecord, ValidRecord, validate_record
from core.rules import Finding, mask_id_number
from core.scanned import finding_from_json
from core.states import AnnotationKind, RegistrationConclusion, ReviewState
from core.views import certificate_rows

__all__ = [
    "approve_certificate",
    "certificate_by_number",
    "certificate_snapshot",
    "export_records",
    "get_or_create_authority",
    "import_records",
    "record_criminal_check",
    "update_certificate",
]


def get_or_create_authority(
    session: Session, *, code: str, name: str, division_code: str | None = None
) -> Authority:
    """The authority with ``code``; created (province-level division) when unknown."""
    found = session.exec(select(Authority).where(Authority.code == code)).first()
    if found is not None:
        return found
    authority = Authority(code=code, name=name, division_code=division_code or code[:2] + "0000")
    session.add(authority)
    session.flush()
    return authority


def _holder(session: Session, rec: ValidRecord, *, vault: IdVault, actor: str) -> Holder:
    if "id_number" in rec.missing:  # unread: a holder of its own until a clerk types it
        return _unidentified_holder(session, rec, vault=vault, actor=actor)
    id_hash = vault.lookup_hash(rec.id_number)
    found = session.exec(select(Holder).where(Holder.id_hash == id_hash)).first()
    if found is not None:
        return found
    holder = Holder(
        name=rec.name, gender=str(rec.gender), birth_date=rec.birth_date, id_type=rec.id_type,
        id_hash=id_hash, id_cipher=vault.encrypt(rec.id_number),
        id_masked=mask_id_number(rec.id_number, rec.id_type), created_by=actor,
    )
    session.add(holder)
    session.flush()
    return holder


def _unidentified_holder(
    session: Session, rec: ValidRecord, *, vault: IdVault, actor: str
) -> Holder:
    holder = Holder(
        name=rec.name, gender=str(rec.gender), birth_date=rec.birth_date, id_type=rec.id_type,
        id_hash=vault.lookup_hash(f"unread:{rec.certificate_number}"), id_cipher=vault.encrypt(""),
        id_masked="", created_by=actor,
    )
    session.add(holder)
    session.flush()
    return holder


def certificate_snapshot(cert: Certificate) -> dict[str, Any]:
    """The audit-log view of a certificate (no ID number: it lives on the holder, encrypted)."""
    keys = (
        "number", "qualification_type", "subject", "issue_date", "status", "review_state",
        "reviewed_by", "criminal_check_done", "school", "replaced_by_id", "row_version",
    )
    return {k: getattr(cert, k) for k in keys}


def _create_certificate(
    session: Session, rec: ValidRecord, *, actor: str, approve: bool, batch: str | None,
    vault: IdVault,
) -> Certificate:
    if rec.problems and approve:
        raise Conflict(f"{rec.certificate_number}: a record that breaks rules cannot be "
                       "imported as approved", code="record_invalid")
    if session.exec(select(Certificate.id).where(Certificate.number == rec.certificate_number)
                    ).first() is not None:
        raise Conflict(
            f"certificate number {rec.certificate_number} is already in the registry",
            code="duplicate_certificate_number", field="certificate_number",
        )
    authority = get_or_create_authority(
        session, code=rec.authority_code, name=rec.authority_name
    )
    holder = _holder(session, rec, vault=vault, actor=actor)
    raw = rec.raw
    now = utcnow()
    assert holder.id is not None and authority.id is not None
    cert = Certificate(
        number=rec.certificate_number, qualification_type=int(rec.qualification_type),
        subject=rec.subject, issue_date=rec.issue_date, school=raw.school,
        holder_id=holder.id, authority_id=authority.id, scan_batch=batch,
        source_file=raw.source, ocr_confidence=min(raw.confidence.values(), default=None),
        review_state=ReviewState.APPROVED if approve else (
            ReviewState.NEEDS_REVIEW if raw.flagged or rec.problems else ReviewState.PENDING),
        reviewed_by=actor if approve else None, reviewed_at=now if approve else None,
        criminal_check_done=raw.criminal_check_done,
        criminal_check_by=actor if raw.criminal_check_done else None,
        criminal_check_at=now if raw.criminal_check_done else None,
        photo_path=raw.photo, created_by=actor,
        scan_data=json.dumps({"findings": [finding_from_json(f).to_dict() for f in raw.findings]
                              + [Finding(str(p.rule), str(p.field), p.message).to_dict()
                                 for p in rec.problems],
                              "confidence": raw.confidence, "missing": list(rec.missing),
                              "evidence": raw.evidence, "pages": raw.pages},
                             ensure_ascii=False),
    )
    session.add(cert)
    session.flush()
    assert cert.id is not None
    _children(session, cert.id, rec, actor=actor, authority_name=authority.name)
    record_event(
        session, actor=actor, action="records.import.approved" if approve else "records.import",
        entity_type="certificate", entity_id=cert.number, after=certificate_snapshot(cert),
    )
    return cert


def _children(
    session: Session, cert_id: int, rec: ValidRecord, *, actor: str, authority_name: str
) -> None:
    for ann in rec.raw.annotations:
        session.add(Annotation(
            certificate_id=cert_id, kind=AnnotationKind(ann.kind), date=ann.date or rec.issue_date,
            text=ann.text, authority=ann.authority or authority_name, created_by=actor,
        ))
    for reg in rec.registrations:
        assert reg.decision_date is not None
        session.add(Registration(
            certificate_id=cert_id, conclusion=RegistrationConclusion(reg.conclusion),
            valid_from=reg.valid_from,
            valid_until=reg.valid_until, authority=reg.authority or authority_name,
            decision_date=reg.decision_date, created_by=actor,
        ))


def import_records(
    session: Session, records: Sequence[tuple[int, ValidRecord]], *, actor: str,
    approve: bool = False, batch: str | None = None, vault: IdVault,
) -> list[Certificate]:
    """Insert validated records; any conflict aborts the caller's transaction as a whole."""
    seen: dict[str, int] = {}
    out = []
    for line, rec in records:
        if rec.certificate_number in seen:
            raise Conflict(
                f"line {line}: certificate number {rec.certificate_number} repeats line "
                f"{seen[rec.certificate_number]}",
                code="duplicate_certificate_number", field="certificate_number", line=line,
            )
        seen[rec.certificate_number] = line
        try:
            out.append(_create_certificate(
                session, rec, actor=actor, approve=approve, batch=batch, vault=vault
            ))
        except Conflict as exc:
            exc.message = f"line {line}: {exc.message}"
            exc.details["line"] = line
            exc.args = (exc.message,)
            raise
        except IntegrityError as exc:  # a concurrent writer took the number first
            raise Conflict(
                f"line {line}: certificate number {rec.certificate_number} was inserted "
                "concurrently", code="duplicate_certificate_number", line=line,
            ) from exc
    return out


def certificate_by_number(session: Session, number: str) -> Certificate:
    """The certificate with ``number`` or NotFound."""
    cert = session.exec(select(Certificate).where(Certificate.number == number)).first()
    if cert is None:
        raise NotFound(f"no certificate {number}", code="certificate_not_found")
    return cert


def update_certificate(
    session: Session, cert: Certificate, *, actor: str, action: str, changes: dict[str, Any]
) -> Certificate:
    """Compare-and-set update on ``row_version``: a concurrent change is a Conflict, never lost."""
    before = certificate_snapshot(cert)
    assert cert.id is not None
    values = {**changes, "row_version": cert.row_version + 1, "updated_at": utcnow()}
    result = session.execute(
        update(Certificate)
        .where(col(Certificate.id) == cert.id, col(Certificate.row_version) == cert.row_version)
        .values(**values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(cert)
        raise Conflict(
            f"certificate {cert.number} was changed by someone else; reload and retry",
            code="stale_update",
        )
    session.refresh(cert)
    record_event(session, actor=actor, action=action, entity_type="certificate",
                 entity_id=cert.number, before=before, after=certificate_snapshot(cert))
    return cert


def approve_certificate(
    session: Session, number: str, *, actor: str, vault: IdVault
) -> Certificate:
    """Mark a reviewed record approved (issuable once the criminal-record check is recorded).

    The stored record is validated again first: a record imported for review with broken rules
    cannot be approved until it is corrected.
    """
    cert = certificate_by_number(session, number)
    holder, authority = session.get(Holder, cert.holder_id), session.get(Authority,
                                                                          cert.authority_id)
    assert holder is not None and authority is not None
    record = _export_one(session, cert, holder, authority, vault)
    try:
        validate_record(record, today=today())
    except InvalidRecord as exc:
        raise Conflict(f"{number}: cannot approve, the record still breaks rules — "
                       f"{exc.message}", code="record_invalid",
                       problems=exc.details["problems"]) from None
    return update_certificate(session, cert, actor=actor, action="records.approve", changes={
        "review_state": ReviewState.APPROVED, "reviewed_by": actor, "reviewed_at": utcnow(),
    })


def record_criminal_check(session: Session, number: str, *, actor: str) -> Certificate:
    """Record that the criminal-record check (Hubei 2020 notice) was done, by whom and when."""
    cert = certificate_by_number(session, number)
    return update_certificate(session, cert, actor=actor, action="records.criminal_check",
                              changes={"criminal_check_done": True, "criminal_check_by": actor,
                                       "criminal_check_at": utcnow()})


def export_records(session: Session, *, vault: IdVault) -> Iterator[dict[str, Any]]:
    """Every certificate as a records.jsonl object, with the full (decrypted) ID number."""
    rows = session.exec(certificate_rows().order_by(col(Certificate.id)))
    for cert, holder, authority in rows:
        yield _export_one(session, cert, holder, authority, vault)


def _export_one(
    session: Session, cert: Certificate, holder: Holder, authority: Authority, vault: IdVault
) -> dict[str, Any]:
    anns = session.exec(select(Annotation).where(Annotation.certificate_id == cert.id)
                        .order_by(col(Annotation.id))).all()
    regs = session.exec(select(Registration).where(Registration.certificate_id == cert.id)
                        .order_by(col(Registration.id))).all()
    from core.rules import QualificationType

    out: dict[str, Any] = {
        "source": cert.source_file, "school": cert.school, "name": holder.name,
        "gender": holder.gender, "birth_date": holder.birth_date.isoformat(),
        "id_type": holder.id_type, "id_number": vault.decrypt(holder.id_cipher),
        "qualification_type": QualificationType(cert.qualification_type).label,
        "subject": cert.subject, "certificate_number": cert.number,
        "issuing_authority": authority.name, "issue_date": cert.issue_date.isoformat(),
        "annotations": [{"date": a.date.isoformat(), "text": a.text, "kind": a.kind,
                         "authority": a.authority} for a in anns],
        "registrations": [{
            "conclusion": r.conclusion,
            "valid_from": r.valid_from.isoformat() if r.valid_from else None,
            "valid_until": r.valid_until.isoformat() if r.valid_until else None,
            "authority": r.authority, "date": r.decision_date.isoformat()} for r in regs],
        "photo": cert.photo_path, "needs_review": cert.review_state == ReviewState.NEEDS_REVIEW,
        "confidence": {}, "findings": [], "review_state": cert.review_state,
        "criminal_check_done": cert.criminal_check_done,
    }
    # A field the scanner could not read holds a stand-in until a clerk types it: absent here.
    for key in _missing(cert):
        out[key] = None
    return out


def _missing(cert: Certificate) -> list[str]:
    try:
        data = json.loads(cert.scan_data or "{}")
    except json.JSONDecodeError:
        return []
    missing = data.get("missing") if isinstance(data, dict) else None
    return [str(k) for k in missing] if isinstance(missing, list) else []
