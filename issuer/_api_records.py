"""Admin API over the registry: list, show, approve, record the criminal-record check, and
verify the audit chain (``/api/admin``; the caller's role and region per core.policy)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from core.audit import CHECKPOINT_DIR
from core.identity import vault_for
from core.models import CertificatePublic
from core.policy import Action, authorize
from core.registry import approve_certificate, record_criminal_check
from core.views import certificate_public, list_certificates
from core.web import AppSettings, CurrentUser, DbSession
from issuer._checkpoint import anchor_key, verify_audit

__all__ = ["router"]

router = APIRouter(prefix="/api/admin", tags=["admin: records"])


@router.get("/records", response_model=list[CertificatePublic])
def records(
    session: DbSession, user: CurrentUser,
    review_state: str | None = None, school: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    # Bounded so the database's 64-bit OFFSET can never overflow (a 422, not a 500).
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> list[CertificatePublic]:
    """Records in the caller's region."""
    authorize(user, Action.RECORD_READ)
    return list_certificates(session, region=user.region, review_state=review_state,
                             school=school, limit=limit, offset=offset)


@router.get("/records/{number}", response_model=CertificatePublic)
def record(number: str, session: DbSession, user: CurrentUser) -> CertificatePublic:
    """One record (masked ID), if it is in the caller's region."""
    public, authority = certificate_public(session, number, region=user.region)
    authorize(user, Action.RECORD_READ, division_code=authority.division_code)
    return public


@router.post("/records/{number}/approve", response_model=CertificatePublic)
def approve(number: str, session: DbSession, user: CurrentUser,
            settings: AppSettings) -> CertificatePublic:
    """Approve a reviewed record (reviewer)."""
    _, authority = certificate_public(session, number, region=user.region)
    authorize(user, Action.RECORD_APPROVE, division_code=authority.division_code)
    approve_certificate(session, number, actor=user.name, vault=vault_for(settings.secret))
    return certificate_public(session, number)[0]


@router.post("/records/{number}/criminal-check", response_model=CertificatePublic)
def criminal_check(number: str, session: DbSession, user: CurrentUser) -> CertificatePublic:
    """Record that the criminal-record check was done (reviewer)."""
    _, authority = certificate_public(session, number, region=user.region)
    authorize(user, Action.CRIMINAL_CHECK, division_code=authority.division_code)
    record_criminal_check(session, number, actor=user.name)
    return certificate_public(session, number)[0]


@router.get("/audit/verify")
def audit_verify(session: DbSession, user: CurrentUser,
                 settings: AppSettings) -> dict[str, object]:
    """Walk the audit chain and check every published checkpoint, as `ecert audit verify`
    does (auditor)."""
    authorize(user, Action.AUDIT_READ)
    verdict = verify_audit(session, settings.public_dir / CHECKPOINT_DIR,
                           anchor_key(settings.keys_dir))
    return {"ok": verdict.ok, "count": verdict.events, "checkpoints": verdict.checkpoints,
            "broken_at": verdict.broken_at, "reason": None if verdict.ok else verdict.message}
