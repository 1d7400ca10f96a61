"""Holder download: a teacher proves ID number + certificate number + one-time code and gets the
signed PDF or the JSON credential.

Nothing here tells a caller whether an ID number or certificate exists: a request for a code
answers the same either way and does the same work (the same queries, hashes and writes; a
request that matches nothing stores a decoy row), and every failed download is the same
:func:`denied` error after the same work. Codes
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

from sqlalchemy import or_
from sqlmodel import Session, col, delete, select

from core.clock import utcnow
from core.credential import parse_credential
from core.errors import Conflict, NotFound, PermissionDenied
from core.identity import IdVault, derive_key
from core.models import Certificate, Credential, Holder, HolderCode
from core.ratelimit import RateLimiter, SlidingWindow, store_at
from core.rules import normalize_id_number
from core.settings import load_settings
from issuer._notify import CodeMessage

__all__ = [
    "CODE_TTL",
    "HOLDER_LIMITS",
    "MAX_ATTEMPTS",
    "credential_json",
    "CREDENTIAL_FILES",
    "credential_file",
    "credential_pdf",
    "current_credential",
    "denied",
    "download_limiter",
    "redeem_code",
    "request_code",
    "request_limiter",
]

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
_NUMBER = re.compile(r"^[0-9]{17}$")
_CODE = re.compile(r"^[0-9]{6}$")
#: Per client address and per certificate: at most 5 requests in any minute and 20 in any hour,
#: on each holder route (a code costs an SMS; a download attempt guesses a code).
HOLDER_LIMITS = SlidingWindow(((5, 60.0), (20, 3600.0)))
#: One budget per route kind, shared by the API (``/api/holder``) and the portal (``/holder``):
#: a client cannot double its guesses by using both.
request_limiter = RateLimiter(HOLDER_LIMITS, store=lambda: store_at(
    load_settings().rate_limit_file, "holder_request"))
download_limiter = RateLimiter(HOLDER_LIMITS, store=lambda: store_at(
    load_settings().rate_limit_file, "holder_download"))


def denied() -> PermissionDenied:
    """The one refusal for every failed download (unknown ID, wrong number, bad code)."""
    return PermissionDenied("证件号码、证书号码或验证码不正确，或验证码已失效"
                            "（ID number, certificate number or code is wrong or expired）",
                            code="invalid_code")


def _code_hash(secret: str, cert_id: int, code: str) -> str:
    return hmac.new(derive_key(secret, "ecert/holder-code/v1"), f"{cert_id}:{code}".encode(),
                    hashlib.sha256).hexdigest()


def _decoy_tag(secret: str, number: str, wanted: str) -> str:
    """What a decoy row stores instead of a code hash: keyed on the request, so that asking
    again replaces the earlier decoy exactly as a match replaces its earlier code."""
    return hmac.new(derive_key(secret, "ecert/holder-decoy/v1"), f"{number}:{wanted}".encode(),
                    hashlib.sha256).hexdigest()


# Compared when no holder row was found, so the comparison runs for every request.
_NO_HOLDER = "0" * 64


@dataclasses.dataclass(frozen=True)
class _Request:
    """One holder request after lookup: the matched certificate's id (0 when nothing
    matched: no row has it) and the decoy tag of the request."""

    cert_id: int
    number: str
    holder_id: int
    tag: str

    @property
    def matched(self) -> bool:
        return self.cert_id != 0


def _lookup(session: Session, vault: IdVault, secret: str, id_number: str,
            certificate_number: str) -> _Request:
    """The same query, hashes and comparison whether or not anything matches (issue 11 #10:
    response timing must not tell whether a holder exists)."""
    wanted = vault.lookup_hash(normalize_id_number(id_number or ""))
    number = (certificate_number or "").strip()
    key = number if _NUMBER.match(number) else ""  # "" is no certificate's number
    row = session.exec(
        select(Certificate.id, Certificate.holder_id, Holder.id_hash)
        .join(Holder, col(Holder.id) == col(Certificate.holder_id))
        .where(Certificate.number == key)
    ).first()
    same = hmac.compare_digest(row[2] if row is not None else _NO_HOLDER, wanted)
    tag = _decoy_tag(secret, key, wanted)
    if row is None or not same or row[0] is None:
        return _Request(cert_id=0, number=key, holder_id=0, tag=tag)
    return _Request(cert_id=row[0], number=key, holder_id=row[1], tag=tag)


def request_code(
    session: Session, *, id_number: str, certificate_number: str, vault: IdVault, secret: str,
) -> CodeMessage | None:
    """Store a new code for a matching holder and return the message to deliver after commit;
    None when nothing matches (the caller answers, and queues, the same either way).

    A request that matches nothing does the same work: it stores a decoy row (no certificate,
    no usable code) that replaces its own earlier decoy, as a match replaces its earlier code;
    expired decoys are cleared a few at a time on the way, so their number stays bounded by ten
    minutes' worth of requests and each request's work stays constant.
    """
    req = _lookup(session, vault, secret, id_number, certificate_number)
    now = utcnow()
    # Replace this certificate's earlier code, or this request's earlier decoy (a tag never
    # equals a code hash); then clear at most two expired decoys, oldest first (both indexed).
    session.execute(delete(HolderCode).where(or_(
        col(HolderCode.certificate_id) == req.cert_id, col(HolderCode.code_hash) == req.tag)))
    expired = (select(HolderCode.id).where(col(HolderCode.certificate_id).is_(None),
                                           col(HolderCode.expires_at) <= now)
               .order_by(col(HolderCode.id)).limit(2))
    session.execute(delete(HolderCode).where(col(HolderCode.id).in_(expired.scalar_subquery())))
    code = f"{secrets.randbelow(10**6):06d}"
    code_hash = _code_hash(secret, req.cert_id, code)
    expires = now + CODE_TTL
    session.add(HolderCode(certificate_id=req.cert_id if req.matched else None,
                           code_hash=code_hash if req.matched else req.tag,
                           expires_at=expires, created_at=now))
    session.flush()
    if not req.matched:
        return None
    return CodeMessage(holder_id=req.holder_id, certificate_number=req.number, code=code,
                       expires_at=expires)


def redeem_code(
    session: Session, *, id_number: str, certificate_number: str, code: str, vault: IdVault,
    secret: str,
) -> Certificate | None:
    """The certificate when the code is right (the code is then used up); None otherwise.

    A wrong guess counts as an attempt, so the caller must commit even when this returns None.
    A request that matches nothing counts its attempt on its decoy (if it asked for a code), so
    the work is the same as for a match.
    """
    req = _lookup(session, vault, secret, id_number, certificate_number)
    now = utcnow()
    row = session.exec(select(HolderCode).where(
        or_(col(HolderCode.certificate_id) == req.cert_id, col(HolderCode.code_hash) == req.tag),
        col(HolderCode.used_at).is_(None), col(HolderCode.expires_at) > now,
        col(HolderCode.attempts) < MAX_ATTEMPTS,
    ).order_by(col(HolderCode.id).desc())).first()
    given = _code_hash(secret, req.cert_id, code or "")
    ok = hmac.compare_digest(row.code_hash if row is not None else _NO_HOLDER, given) and (
        _CODE.match(code or "") is not None and req.matched)
    if row is None:
        return None
    if ok:
        row.used_at = now
    else:
        row.attempts += 1
    session.add(row)
    return session.get(Certificate, req.cert_id) if ok else None


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
            "qr_text": cred.qr_text, "licence_id": cred.licence_id}


#: the files a credential version may have, by format, and their media types
CREDENTIAL_FILES: dict[str, str] = {"pdf": "application/pdf", "ofd": "application/ofd"}


def credential_file(cred: Credential, artifacts: Path, fmt: str) -> bytes:
    """The bytes of a credential's signed PDF or sealed OFD (``fmt``); NotFound
    (``pdf_missing`` / ``ofd_missing``) when that version has none. The path comes from the
    registry, and is still never read outside the artifacts folder."""
    relative = {"pdf": cred.pdf_path, "ofd": cred.ofd_path}.get(fmt)
    root = artifacts.resolve()
    path = (root / relative).resolve() if relative else None
    if path is None or not path.is_relative_to(root) or not path.is_file():
        raise NotFound(f"该版本电子证照没有 {fmt.upper()} 文件 (no {fmt} file for this version)",
                       code=f"{fmt}_missing")
    return path.read_bytes()


def credential_pdf(cred: Credential, artifacts: Path) -> bytes:
    """The signed PDF bytes of a credential."""
    return credential_file(cred, artifacts, "pdf")
