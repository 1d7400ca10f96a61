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
from verifier._verdict import CertificateInfo, Check, Outcome, RegistrationInfo, Result, Verdict

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
    #: this credential version was superseded when 补发/换发 re-printed the booklet (online only)
    superseded_copy: bool = False


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


#: Check entries are values: the same inputs give the same entry, so each is built once and
#: shared (a verifier sees few keys, lists and states). Bounded; cleared when full.
_CHECKS: dict[tuple[object, ...], Check] = {}
_MAX_CHECKS = 4096


def _check(
    key: tuple[object, ...], name: str, outcome: Outcome, detail: Callable[[], str]
) -> Check:
    check = _CHECKS.get(key)
    if check is None:
        if len(_CHECKS) >= _MAX_CHECKS:
            _CHECKS.clear()
        check = _CHECKS[key] = Check(name, outcome, detail())
    return check


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
    algorithm, size = parsed.algorithm, len(parsed.raw)
    checks = [
        _check(("format", algorithm, size), "format", "pass",
               lambda: f"COSE_Sign1 {algorithm}, {size} bytes"),
        _trust_check(trust),
    ]
    failure = _key_and_signature(parsed, trust, checks)
    kid = parsed.kid.hex()
    if failure is not None:
        return Verdict(failure, False, tuple(checks), kid=kid, stale=stale or trust.stale)
    return _with_status(parsed.claims, status, checks, kid=kid, freshness=freshness,
                        stale=stale or trust.stale)


def _trust_check(trust: TrustList) -> Check:
    def detail() -> str:
        text = f"v{trust.version}, expires {trust.expires.isoformat()}"
        return f"stale (past expiry, within grace): {text}" if trust.stale else text

    return _check(("trust_list", trust.version, trust.expires, trust.stale), "trust_list",
                  "warn" if trust.stale else "pass", detail)


def _key_and_signature(
    parsed: ParsedCredential, trust: TrustList, checks: list[Check]
) -> Result | None:
    """Steps 5–6: key listed, algorithm, authority, signature. Returns a failing result."""
    entry = trust.entry(parsed.kid)
    key_state = trust.key_status(parsed.kid, parsed.claims.issued_at)
    if entry is None or key_state == "unknown_key":
        checks.append(Check("key", "fail", f"kid {parsed.kid.hex()} not valid in the trust list"))
        return "unknown_key"
    checks.append(_check(
        ("key", entry.kid, entry.authority, entry.status, key_state), "key",
        "warn" if key_state == "key_revoked" else "pass",
        lambda: f"kid {entry.kid.hex()} of authority {entry.authority}: {entry.status}"))
    authority = parsed.claims.authority_code
    if not _authority_matches(entry, authority):
        checks.append(Check("authority", "fail", f"key of {entry.authority} cannot sign for "
                            f"{authority}"))
        return "unknown_key"
    checks.append(_check(("authority", authority), "authority", "pass", lambda: authority))
    if entry.algorithm != parsed.algorithm or not entry.verify(
        parsed.to_be_signed, parsed.signature
    ):
        checks.append(Check("signature", "fail", "signature does not verify"))
        return "invalid_signature"
    algorithm = parsed.algorithm
    checks.append(_check(("signature", algorithm), "signature", "pass", lambda: algorithm))
    if key_state == "key_revoked":
        checks.append(Check("key_revocation", "fail", "the signing key was revoked"))
        return "key_revoked"
    return None


def _authority_matches(entry: TrustedKey, authority_code: str) -> bool:
    # A key belongs to one authority or to a whole province (its 2-digit prefix).
    return bool(entry.authority) and authority_code.startswith(entry.authority)


_NO_STATUS = Check("status", "skip", "no status source: state as signed at issuance")
_NOT_LISTED = Check("status", "fail", "certificate not in the registry / status list")


def _with_status(
    claims: Claims, status: StatusLookup | None, checks: list[Check], *, kid: str,
    freshness: str, stale: bool,
) -> Verdict:
    cert = certificate_info(claims)
    if status is None:
        checks.append(_NO_STATUS)
        return Verdict("valid", True, tuple(checks), cert, RegistrationInfo("unknown"), kid,
                       "unknown", stale=stale)
    info = status(claims)
    if info is None:
        checks.append(_NOT_LISTED)
        return Verdict("not_found", True, tuple(checks), cert, None, kid, freshness, stale=stale)
    if info.authority_name:
        cert = replace(cert, authority_name=info.authority_name)
    result = RESULT_BY_STATUS[info.qualification]
    qualification = info.qualification.value
    if info.superseded_copy:
        checks.append(Check("credential_version", "fail",
                            f"credential v{claims.version} was superseded when the booklet was "
                            "re-printed (补发/换发); only the current copy is valid"))
    checks.append(_check(("status", result, qualification), "status",
                         "pass" if result == "valid" else "fail",
                         lambda: f"qualification {qualification}"))
    state, until = str(info.registration), info.valid_until
    checks.append(_check(("registration", state, until), "registration",
                         "pass" if state == "registered" else "warn",
                         lambda: state + (f" until {until}" if until else "")))
    return Verdict(result, True, tuple(checks), cert, RegistrationInfo(state, until), kid,
                   freshness, info.replaced_by, stale=stale, photo=info.photo)
