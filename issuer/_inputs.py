"""From the registry to plain, picklable issuance inputs (no DB access in the workers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from core.credential import Claims
from core.errors import Conflict, EcertError
from core.licence_id import PLACEHOLDER_TYPE_CODE
from core.models import Annotation, Authority, Certificate, Credential, Holder, Registration
from core.rules import QualificationType, redact_date
from core.states import AnnotationKind, QualificationStatus, ReviewState
from issuer._licence import LicenceMetadata, licence_id_for, licence_metadata

__all__ = [
    "IssueInput",
    "check_issuable",
    "issue_input",
    "issue_inputs",
]


@dataclass(frozen=True)
class IssueInput:
    """Everything a worker needs to sign and render one certificate."""

    certificate_id: int
    number: str
    version: int
    authority_code: str
    claims: Claims
    view: dict[str, Any]  # BookletView fields except qr_text / qr_matrix
    photo_path: Path | None
    #: the GB/T 36904 identifier (None while the authority has no USCC)
    licence_id: str | None = None
    #: GB/T 36903 metadata for the OFD; its holder code is the ID number (never printed)
    licence: LicenceMetadata | None = field(default=None, repr=False)


def check_issuable(cert: Certificate) -> None:
    """Refuse unapproved records, a missing criminal-record check, or a non-valid status."""
    if cert.review_state != ReviewState.APPROVED:
        raise Conflict(f"{cert.number}: record is not approved (state {cert.review_state})",
                       code="not_approved", number=cert.number)
    if not cert.criminal_check_done:
        raise Conflict(f"{cert.number}: the criminal-record check is not recorded",
                       code="criminal_check_missing", number=cert.number)
    if cert.status != QualificationStatus.VALID:
        raise Conflict(f"{cert.number}: status is {cert.status}; only valid certificates "
                       "are issued", code="certificate_not_valid", number=cert.number)


def issue_input(
    session: Session, cert: Certificate, *, version: int, issued_at: datetime, artifacts: Path,
    type_code: str = PLACEHOLDER_TYPE_CODE,
) -> IssueInput:
    """Gather claims and the booklet view for ``cert``: the PDF states the facts as of
    issuance; what holds today is the verifier's answer. ``type_code`` makes the licence
    identifier."""
    check_issuable(cert)
    assert cert.id is not None
    found = _Gathered(session, [cert.id], type_code=type_code)
    return found.build(cert, version=version, issued_at=issued_at, artifacts=artifacts)


def issue_inputs(
    session: Session, ids: list[int], *, issued_at: datetime, artifacts: Path,
    type_code: str = PLACEHOLDER_TYPE_CODE,
) -> list[IssueInput | tuple[str, EcertError]]:
    """:func:`issue_input` for many certificates, each at its next credential version (1, or
    one more than its newest), in a fixed number of queries: a batch reads its next
    certificates while the workers render."""
    if not ids:
        return []
    found = _Gathered(session, ids, type_code=type_code)
    latest = dict(session.exec(select(Credential.certificate_id, func.max(Credential.version))
                               .where(col(Credential.certificate_id).in_(ids))
                               .group_by(col(Credential.certificate_id))).all())
    out: list[IssueInput | tuple[str, EcertError]] = []
    for cert_id in ids:
        cert = found.certificates[cert_id]
        try:
            check_issuable(cert)
            out.append(found.build(cert, version=(latest.get(cert_id) or 0) + 1,
                                   issued_at=issued_at, artifacts=artifacts))
        except EcertError as exc:
            out.append((cert.number, exc))
    return out


class _Gathered:
    """The rows a booklet needs for some certificates, read in one query per table."""

    def __init__(self, session: Session, ids: list[int], *, type_code: str) -> None:
        self.type_code = type_code
        self.certificates = {c.id: c for c in session.exec(select(Certificate).where(
            col(Certificate.id).in_(ids))).all()}
        certs = self.certificates.values()
        self.holders = {h.id: h for h in session.exec(select(Holder).where(
            col(Holder.id).in_({c.holder_id for c in certs}))).all()}
        self.authorities = {a.id: a for a in session.exec(select(Authority).where(
            col(Authority.id).in_({c.authority_id for c in certs}))).all()}
        self.annotations: dict[int, list[Annotation]] = {}
        for a in session.exec(select(Annotation).where(col(Annotation.certificate_id).in_(ids))
                              .order_by(col(Annotation.date), col(Annotation.id))).all():
            self.annotations.setdefault(a.certificate_id, []).append(a)
        self.registrations: dict[int, list[Registration]] = {}
        for r in session.exec(select(Registration)
                              .where(col(Registration.certificate_id).in_(ids))
                              .order_by(col(Registration.decision_date),
                                        col(Registration.id))).all():
            self.registrations.setdefault(r.certificate_id, []).append(r)

    def build(
        self, cert: Certificate, *, version: int, issued_at: datetime, artifacts: Path
    ) -> IssueInput:
        assert cert.id is not None
        return _build(cert, self.holders[cert.holder_id], self.authorities[cert.authority_id],
                      self.annotations.get(cert.id, []), self.registrations.get(cert.id, []),
                      version=version, issued_at=issued_at, artifacts=artifacts,
                      licence=self._licence(cert, version))

    def _licence(self, cert: Certificate, version: int) -> LicenceMetadata:
        """The identifier and GB/T 36903 metadata of this version (issuer._licence). The holder
        code is the masked ID number, as on the PDF: the OFD is the holder's to pass on, and
        platforms that need the full code get it through the authenticated sharing interface
        (docs/INTEROP.md)."""
        holder, authority = self.holders[cert.holder_id], self.authorities[cert.authority_id]
        return licence_metadata(
            type_code=self.type_code, number=cert.number, version=version,
            licence_id=licence_id_for(type_code=self.type_code, authority_uscc=authority.uscc,
                                      number=cert.number, version=version),
            issuer_name=authority.name, issuer_code=authority.uscc,
            issue_date=cert.issue_date, holder_name=holder.name, id_type=holder.id_type,
            holder_code=holder.id_masked)


def _build(
    cert: Certificate, holder: Holder, authority: Authority, anns: list[Annotation],
    regs: list[Registration], *, version: int, issued_at: datetime, artifacts: Path,
    licence: LicenceMetadata,
) -> IssueInput:
    assert cert.id is not None
    claims = Claims(
        certificate_number=cert.number, name=holder.name, gender=holder.gender,
        masked_id=holder.id_masked,
        qualification_type=cert.qualification_type, subject=cert.subject,
        authority_code=authority.code, issue_date=cert.issue_date, version=version,
        issued_at=issued_at, status_index=cert.id,
    )
    return IssueInput(
        certificate_id=cert.id, number=cert.number, version=version,
        authority_code=authority.code, claims=claims,
        view={**_view(cert, holder, authority, anns, regs, issued_at, version),
              "licence_id": licence.licence_id},
        photo_path=(artifacts / cert.photo_path) if cert.photo_path else None,
        licence_id=licence.licence_id, licence=licence,
    )


def _view(
    cert: Certificate, holder: Holder, authority: Authority, anns: list[Annotation],
    regs: list[Registration], issued_at: datetime, version: int,
) -> dict[str, Any]:
    return {
        "certificate_number": cert.number, "name": holder.name, "gender": holder.gender,
        "masked_id": holder.id_masked, "ethnicity": None,
        "qualification_label": QualificationType(cert.qualification_type).label,
        "subject": cert.subject, "authority_name": authority.name,
        "issue_date": cert.issue_date,
        # the PDF is public: a remark may not spell out the birth date (docs/MASKING.md)
        "annotations": [(a.date, AnnotationKind(a.kind).zh,
                         redact_date(a.text, holder.birth_date), a.authority) for a in anns],
        "registrations": [(r.conclusion, r.valid_from, r.valid_until, r.authority,
                           r.decision_date) for r in regs],
        "status_label": QualificationStatus(cert.status).zh,
        "issued_at": issued_at, "credential_version": version,
    }
