"""Read helpers that join a certificate with its holder and authority for display."""

from __future__ import annotations

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from core.errors import NotFound
from core.models import Authority, Certificate, CertificatePublic, Holder

__all__ = ["certificate_public", "certificate_rows", "list_certificates"]


def _public(cert: Certificate, holder: Holder, authority: Authority) -> CertificatePublic:
    return CertificatePublic.model_validate({
        **cert.model_dump(), "authority_code": authority.code, "holder_name": holder.name,
        "masked_id": holder.id_masked,
    })


def certificate_rows() -> Select[Certificate, Holder, Authority]:
    """Certificates with their holder and authority: the join every listing starts from."""
    return (
        select(Certificate, Holder, Authority)
        .join(Holder, col(Holder.id) == Certificate.holder_id)
        .join(Authority, col(Authority.id) == Certificate.authority_id)
    )


def certificate_public(
    session: Session, number: str, *, region: str | None = None
) -> tuple[CertificatePublic, Authority]:
    """The public (masked) view of one certificate, optionally restricted to a region."""
    stmt = certificate_rows().where(Certificate.number == number)
    row = session.exec(stmt).first()
    if row is None or (region is not None and not row[2].division_code.startswith(region)):
        raise NotFound(f"no certificate {number}", code="certificate_not_found")
    return _public(*row), row[2]


def list_certificates(
    session: Session, *, region: str = "", review_state: str | None = None,
    school: str | None = None, limit: int = 100, offset: int = 0,
) -> list[CertificatePublic]:
    """Certificates in a region (division prefix), newest first."""
    stmt = certificate_rows().where(col(Authority.division_code).startswith(region))
    if review_state:
        stmt = stmt.where(Certificate.review_state == review_state)
    if school:
        stmt = stmt.where(Certificate.school == school)
    stmt = stmt.order_by(col(Certificate.id).desc()).offset(offset).limit(limit)
    return [_public(*row) for row in session.exec(stmt).all()]
