"""Publish the signed status list from the registry (``ecert status-list --out FILE``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.models import Certificate, Credential, Registration
from core.rules import QualificationStatus, registration_state
from core.signing import Signer
from core.statuslist import StatusEntry, build_status_list

__all__ = [
    "LIST_VALIDITY",
    "NEXT_UPDATE",
    "current_entries",
    "publish_status_list",
    "superseded_versions",
]

NEXT_UPDATE = timedelta(hours=1)
LIST_VALIDITY = timedelta(days=2)


def current_entries(session: Session, at: date) -> dict[int, StatusEntry]:
    """Status index (the certificate id) → qualification status and registration state."""
    regs: dict[int, list[Registration]] = defaultdict(list)
    for reg in session.exec(select(Registration).order_by(col(Registration.certificate_id))):
        regs[reg.certificate_id].append(reg)
    out = {}
    for cert_id, status in session.exec(select(Certificate.id, Certificate.status)):
        assert cert_id is not None
        state = registration_state(regs.get(cert_id, []), at).state
        out[cert_id] = StatusEntry(QualificationStatus(status), state)
    return out


def superseded_versions(session: Session) -> dict[int, int]:
    """Status index → the first credential version still in force, for every certificate whose
    booklet was re-printed (补发/换发): its older credentials were superseded."""
    rows = session.exec(
        select(Credential.certificate_id, func.max(Credential.version))
        .where(col(Credential.superseded).is_(True))
        .group_by(col(Credential.certificate_id))
    )
    return {cert_id: latest + 1 for cert_id, latest in rows}


def publish_status_list(
    session: Session, *, signer: Signer, now: datetime, today: date
) -> bytes:
    """Sign the list as of ``now``; its version is the issue time in epoch seconds, so later
    lists always carry higher versions without shared state."""
    return build_status_list(
        current_entries(session, today), version=int(now.timestamp()), issued_at=now,
        next_update=now + NEXT_UPDATE, expires=now + LIST_VALIDITY, signer=signer,
        superseded=superseded_versions(session),
    )
