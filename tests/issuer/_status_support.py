"""Shared helpers for the status-change, report and holder tests: seed records, users, tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, select

from core.auth import create_user
from core.clock import today
from core.credential import sign_credential, to_qr_text
from core.db import session_scope
from core.identity import vault_for
from core.models import AuditEvent, Certificate, Credential
from core.records import validate_record
from core.registry import import_records
from core.settings import load_settings
from issuer._inputs import issue_input
from tests.factories import record


def seed(*serials: int, **overrides: Any) -> list[str]:
    """Import approved, criminal-checked records (Beijing, division 11…); their numbers."""
    rows = [record(s, criminal_check_done=True, **overrides) for s in serials]
    with session_scope() as session:
        valid = [(i + 1, validate_record(r, today=today(), line=i + 1)) for i, r in enumerate(rows)]
        import_records(
            session, valid, actor="seed", approve=True, vault=vault_for(load_settings().secret)
        )
    return [r["certificate_number"] for r in rows]


def token(name: str, role: str, region: str, *, school: str | None = None) -> dict[str, str]:
    """Authorization header for a new user (a school reviewer with its ``school``)."""
    with session_scope() as s:
        _, tok = create_user(s, name=name, role=role, region=region, actor="test",
                             school=school)
    return {"Authorization": f"Bearer {tok}"}


def cert(session: Session, number: str) -> Certificate:
    found = session.exec(select(Certificate).where(Certificate.number == number)).one()
    return found


def events(action_prefix: str) -> list[AuditEvent]:
    """Committed audit events whose action starts with the prefix."""
    with session_scope() as s:
        rows = s.exec(select(AuditEvent).order_by(AuditEvent.seq)).all()  # type: ignore[arg-type]
        return [e for e in rows if e.action.startswith(action_prefix)]


class _Signer:
    kid = b"test-kid"
    algorithm = "EdDSA"

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


def fake_credential(number: str, artifacts: Path, *, version: int = 1) -> Credential:
    """A credential row with a real COSE (test key) and a small PDF file, without issuance."""
    with session_scope() as s:
        c = cert(s, number)
        assert c.id is not None
        claims = issue_input(
            s, c, version=version, issued_at=datetime(2026, 11, 1, tzinfo=UTC), artifacts=artifacts
        ).claims
        cose = sign_credential(claims, _Signer())  # type: ignore[arg-type]
        rel = f"credentials/{number}/v{version}.pdf"
        (artifacts / rel).parent.mkdir(parents=True, exist_ok=True)
        (artifacts / rel).write_bytes(b"%PDF-1.7\n% test credential\n%%EOF\n")
        row = Credential(
            certificate_id=c.id,
            version=version,
            kid="746573742d6b6964",
            cose=cose,
            qr_text=to_qr_text(cose, "https://verify.example"),
            pdf_path=rel,
            issued_by="test",
        )
        s.add(row)
    return row


def id_of(serial: int) -> str:
    """The ID number of the record with this serial (as tests.factories builds it)."""
    return str(record(serial)["id_number"])
