"""Credential → Verdict, pure: no database, no files, no clock (docs/FORMAT.md §4).

The caller supplies a verified trust list and a status lookup (online: the registry; offline:
the signed status list), and this module applies the format's steps in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from core.credential import (
    Claims,
    CredentialError,
    ParsedCredential,
    from_qr_text,
    parse_credential,
)
from core.rules import QualificationStatus
from keys import TrustedKey, TrustList
from verifier._verdict import CertificateInfo, Check, RegistrationInfo, Result, Verdict

__all__ = [
    "RESULT_BY_STATUS",
    "StatusInfo",
    "StatusLookup",
    "certificate_info",
    "malformed",
    "verify_credential",
]

RESULT_BY_STATUS: dict[QualificationStatus, Result] = {
    QualificationStatus.VALID: "valid",
    QualificationStatus.REVOKED: "revoked",
    QualificationStatus.FORFEITED: "forfeited",
    QualificationStatus.REPLACED: "replaced",
    # 作废 (void): the booklet was cancelled, e.g. misprinted; it must not pass as valid.
    QualificationStatus.VOID: "revoked",
}


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """The current state of one certificate, from whichever source."""

    qualification: QualificationStatus
    registration: str
    valid_until: date | None = None
    replaced_by: str | None = None
    photo: bytes | None = None
    #: the authority's name from the registry (online only; the credential signs its code)
    authority_name: str | None = None


#: Claims → current status; None means the certificate is not known to the source.
StatusLookup = Callable[[Claims], StatusInfo | None]


def malformed(exc: CredentialError) -> Verdict:
    """The verdict for input that is not a credential at all."""
    return Verdict("malformed", False, (Check("format", "fail", f"{exc.code}: {exc.message}"),))


def certificate_info(claims: Claims) -> CertificateInfo:
    """The displayable signed fields (the ID only in its masked form)."""
    return CertificateInfo(
        number=claims.certificate_number, name=claims.name, gender=claims.gender,
        qualification_type=claims.qualification_type, subject=claims.subject,
        authority=claims.authority_code, issue_date=claims.issue_date,
        masked_id=claims.masked_id,
    )


def _decode(data: str | bytes, public_url: str | None) -> ParsedCredential:
    raw = from_qr_text(data, public_url=public_url) if isinstance(data, str) else data
    return parse_credential(raw)


def verify_credential(
    data: str | bytes,
    *,
    trust: TrustList,
    status: StatusLookup | None,
    freshness: str,
    stale: bool = False,
    public_url: str | None = None,
) -> Verdict:
    """QR text (or COSE bytes) → Verdict; ``status=None`` when no status source is available."""
    try:
        parsed = _decode(data, public_url)
    except CredentialError as exc:
        return malformed(exc)
    checks = [Check("format", "pass", f"COSE_Sign1 {parsed.algorithm}, {len(parsed.raw)} bytes")]
    checks.append(_trust_check(trust))
    failure = _key_and_signature(parsed, trust, checks)
    kid = parsed.kid.hex()
    if failure is not None:
        return Verdict(failure, False, tuple(checks), kid=kid, stale=stale or trust.stale)
    return _with_status(parsed.claims, status, checks, kid=kid, freshness=freshness,
                        stale=stale or trust.stale)


def _trust_check(trust: TrustList) -> Check:
    detail = f"v{trust.version}, expires {trust.expires.isoformat()}"
    if trust.stale:
        return Check("trust_list", "warn", f"stale (past expiry, within grace): {detail}")
    return Check("trust_list", "pass", detail)


def _key_and_signature(
    parsed: ParsedCredential, trust: TrustList, checks: list[Check]
) -> Result | None:
    """Steps 5–6: key listed, algorithm, authority, signature. Returns a failing result."""
    entry = trust.entry(parsed.kid)
    key_state = trust.key_status(parsed.kid, parsed.claims.issued_at)
    if entry is None or key_state == "unknown_key":
        checks.append(Check("key", "fail", f"kid {parsed.kid.hex()} not valid in the trust list"))
        return "unknown_key"
    checks.append(Check("key", "warn" if key_state == "key_revoked" else "pass",
                        f"kid {entry.kid.hex()} of authority {entry.authority}: {entry.status}"))
    if not _authority_matches(entry, parsed.claims.authority_code):
        checks.append(Check("authority", "fail", f"key of {entry.authority} cannot sign for "
                            f"{parsed.claims.authority_code}"))
        return "unknown_key"
    checks.append(Check("authority", "pass", parsed.claims.authority_code))
    if entry.algorithm != parsed.algorithm or not _signature_ok(entry, parsed):
        checks.append(Check("signature", "fail", "signature does not verify"))
        return "invalid_signature"
    checks.append(Check("signature", "pass", parsed.algorithm))
    if key_state == "key_revoked":
        checks.append(Check("key_revocation", "fail", "the signing key was revoked"))
        return "key_revoked"
    return None


def _authority_matches(entry: TrustedKey, authority_code: str) -> bool:
    # A key belongs to one authority or to a whole province (its 2-digit prefix).
    return bool(entry.authority) and authority_code.startswith(entry.authority)


def _signature_ok(entry: TrustedKey, parsed: ParsedCredential) -> bool:
    from keys import verify

    return verify(entry.public_key, entry.algorithm, parsed.to_be_signed, parsed.signature)


def _with_status(
    claims: Claims, status: StatusLookup | None, checks: list[Check], *, kid: str,
    freshness: str, stale: bool,
) -> Verdict:
    cert = certificate_info(claims)
    if status is None:
        checks.append(Check("status", "skip", "no status source: state as signed at issuance"))
        return Verdict("valid", True, tuple(checks), cert, RegistrationInfo("unknown"), kid,
                       "unknown", stale=stale)
    info = status(claims)
    if info is None:
        checks.append(Check("status", "fail", "certificate not in the registry / status list"))
        return Verdict("not_found", True, tuple(checks), cert, None, kid, freshness, stale=stale)
    if info.authority_name:
        cert = replace(cert, authority_name=info.authority_name)
    result = RESULT_BY_STATUS[info.qualification]
    checks.append(Check("status", "pass" if result == "valid" else "fail",
                        f"qualification {info.qualification.value}"))
    reg = RegistrationInfo(str(info.registration), info.valid_until)
    checks.append(Check("registration", "pass" if reg.state == "registered" else "warn",
                        reg.state + (f" until {reg.valid_until}" if reg.valid_until else "")))
    return Verdict(result, True, tuple(checks), cert, reg, kid, freshness, info.replaced_by,
                   stale=stale, photo=info.photo)
