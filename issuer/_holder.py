"""Holder download: a teacher proves ID number + certificate number + one-time code and gets the
signed PDF or the JSON credential.

Nothing here tells a caller whether an ID number or certificate exists: a request for a code
behaves the same either way, and every failed download is the same :data:`DENIED` error. Codes
are stored only as a keyed hash (HMAC with ``ECERT_SECRET``), live 10 minutes, allow 5 attempts
and are used once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, delete, select

from core.clock import utcnow
from core.credential import parse_credential
from core.errors import Conflict, NotFound, PermissionDenied
from core.identity import IdVault
from core.models import Certificate, Credential, Holder, HolderCode
from core.rules import normalize_id_number
from issuer._notify import CodeMessage

__all__ = [
    "CODE_TTL",
    "MAX_ATTEMPTS",
    "credential_json",
    "credential_pdf",
    "current_credential",
    "denied",
    "redeem_code",
    "request_code",
]

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
_NUMBER = re.compile(r"^[0-9]{17}$")
_CODE = re.compile(r"^[0-9]{6}$")


def denied() -> PermissionDenied:
    """The one refusal for every failed download (unknown ID, wrong number, bad code)."""
    return PermissionDenied("证件号码、证书号码或验证码不正确，或验证码已失效"
                            "（ID number, certificate number or code is wrong or expired）",
                            code="invalid_code")


def _code_hash(secret: str, cert_id: int, code: str) -> str:
    key = hmac.new(secret.encode(), b"ecert/holder-code/v1", hashlib.sha256).digest()
    return hmac.new(key, f"{cert_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _match(session: Session, vault: IdVault, id_number: str,
           certificate_number: str) -> tuple[Certificate, Holder] | None:
    wanted = vault.lookup_hash(normalize_id_number(id_number or ""))  # hash even when unknown
    number = (certificate_number or "").strip()
    if not _NUMBER.match(number):
        return None
    cert = session.exec(select(Certificate).where(Certificate.number == number)).first()
    holder = session.get(Holder, cert.holder_id) if cert is not None else None
    if cert is None or holder is None or not hmac.compare_digest(holder.id_hash, wanted):
        return None
    return cert, holder


def request_code(
    session: Session, *, id_number: str, certificate_number: str, vault: IdVault, secret: str,
) -> CodeMessage | None:
    """Store a new code for a matching holder and return the message to send after commit;
    None when nothing matches (the caller answers the same either way)."""
    found = _match(session, vault, id_number, certificate_number)
    if found is None:
        return None
    cert, holder = found
    assert cert.id is not None and holder.id is not None
    now = utcnow()
    # A new code replaces every earlier one for this certificate.
    session.execute(delete(HolderCode).where(col(HolderCode.certificate_id) == cert.id))
    code = f"{secrets.randbelow(10**6):06d}"
    expires = now + CODE_TTL
    session.add(HolderCode(certificate_id=cert.id, code_hash=_code_hash(secret, cert.id, code),
                           expires_at=expires, created_at=now))
    return CodeMessage(holder_id=holder.id, certificate_number=cert.number, code=code,
                       expires_at=expires)


def redeem_code(
    session: Session, *, id_number: str, certificate_number: str, code: str, vault: IdVault,
    secret: str,
) -> Certificate | None:
    """The certificate when the code is right (the code is then used up); None otherwise.

    A wrong guess counts as an attempt, so the caller must commit even when this returns None.
    """
    found = _match(session, vault, id_number, certificate_number)
    if found is None:
        return None
    cert = found[0]
    row = session.exec(select(HolderCode).where(
        HolderCode.certificate_id == cert.id, col(HolderCode.used_at).is_(None),
        col(HolderCode.expires_at) > utcnow(), col(HolderCode.attempts) < MAX_ATTEMPTS,
    ).order_by(col(HolderCode.id).desc())).first()
    if row is None:
        return None
    assert cert.id is not None
    ok = _CODE.match(code or "") is not None and hmac.compare_digest(
        row.code_hash, _code_hash(secret, cert.id, code))
    if ok:
        row.used_at = utcnow()
    else:
        row.attempts += 1
    session.add(row)
    return cert if ok else None


def current_credential(session: Session, cert: Certificate) -> tuple[Certificate, Credential]:
    """The newest credential of the certificate, following a reissue to its successor."""
    for _ in range(8):  # a chain of corrections is short; a cycle would be a data error
        if cert.status != "replaced" or cert.replaced_by_id is None:
            break
        successor = session.get(Certificate, cert.replaced_by_id)
        assert successor is not None
        cert = successor
    if cert.status != "valid":
        raise Conflict(f"证书状态为 {cert.status}，不提供下载 (certificate is not valid)",
                       code="certificate_not_valid")
    cred = session.exec(select(Credential).where(
        Credential.certificate_id == cert.id, col(Credential.superseded).is_(False),
    ).order_by(col(Credential.version).desc())).first()
    if cred is None:
        raise NotFound("电子证照尚未签发，请稍后再试 (no credential issued yet)",
                       code="credential_not_issued")
    return cert, cred


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def credential_json(cert: Certificate, cred: Credential) -> dict[str, Any]:
    """The credential for systems that want data: claims, QR text, version, key id."""
    claims = parse_credential(cred.cose).claims
    return {"certificate_number": cert.number, "version": cred.version, "kid": cred.kid,
            "issued_at": _plain(cred.issued_at),
            "claims": {k: _plain(v) for k, v in dataclasses.asdict(claims).items()},
            "qr_text": cred.qr_text}


def credential_pdf(cred: Credential, artifacts: Path) -> bytes:
    """The signed PDF bytes of a credential."""
    if cred.pdf_path is None or not (artifacts / cred.pdf_path).is_file():
        raise NotFound("该版本电子证照没有 PDF 文件 (no PDF for this credential)",
                       code="pdf_missing")
    return (artifacts / cred.pdf_path).read_bytes()
