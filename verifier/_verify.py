"""Credential → Verdict, pure: no database, no files, no clock (docs/FORMAT.md §4).

The caller supplies a verified trust list and a status lookup (online: the registry; offline:
the signed status list), and this module applies the format's steps in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from core.credential import (
    Claims,
    CredentialError,
    ParsedCredential,
    from_qr_text,
    parse_credential,
    payload_path_prefix,
)
from core.rules import QualificationStatus
from core.signing import Algorithm
from core.states import RegistrationState, VerifierResult
from keys import TrustList
from verifier._schema import UNKNOWN_REGISTRATION
from verifier._verdict import CertificateInfo, Check, RegistrationInfo, Result, Verdict

__all__ = [
    "RESULT_BY_STATUS",
    "ForeignHost",
    "StatusInfo",
    "StatusLookup",
    "certificate_info",
    "foreign_host",
    "foreign_host_verdict",
    "malformed",
    "verify_credential",
    "with_pdf_check",
]

RESULT_BY_STATUS: dict[QualificationStatus, VerifierResult] = {
    QualificationStatus.VALID: VerifierResult.VALID,
    QualificationStatus.REVOKED: VerifierResult.REVOKED,
    QualificationStatus.FORFEITED: VerifierResult.FORFEITED,
    QualificationStatus.REPLACED: VerifierResult.REPLACED,
    # 作废 (void): the booklet was cancelled, e.g. misprinted; it must not pass as valid.
    QualificationStatus.VOID: VerifierResult.REVOKED,
}


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """The current state of one certificate, from whichever source."""

    qualification: QualificationStatus
    registration: RegistrationState
    valid_until: date | None = None
    replaced_by: str | None = None
    photo: bytes | None = None
    #: the authority's name from the registry (online only; the credential signs its code)
    authority_name: str | None = None
    #: this credential version was superseded when 补发/换发 re-printed the booklet (online only)
    superseded_copy: bool = False
    #: the GB/T 36904 identifier of this credential version (online only)
    licence_id: str | None = None


#: Claims → current status; None means the certificate is not known to the source.
StatusLookup = Callable[[Claims], StatusInfo | None]


def malformed(exc: CredentialError) -> Verdict:
    """The verdict for input that is not a credential at all."""
    return Verdict(VerifierResult.MALFORMED, False,
                   (Check("format", "fail", f"{exc.code}: {exc.message}"),))


class ForeignHost(CredentialError):
    """An ecert-shaped QR text under another address than this verifier's (§5.2 ``wrong_prefix``).

    Its own result, not ``malformed``: the person was shown this URL somewhere, and must learn
    that the address is not the issuer's, whatever the page behind it claims.
    """

    def __init__(self, prefix: str, expected: tuple[str, ...]) -> None:
        shown = prefix if len(prefix) <= 120 else prefix[:117] + "..."
        ours = ", ".join(expected)
        super().__init__(f"二维码网址 {shown} 不是本核验服务的地址 QR text is under {shown}, "
                         f"not this verifier's {ours}", code="wrong_prefix", field="qr_text")
        self.prefix = prefix


def foreign_host(exc: ForeignHost) -> Verdict:
    """The verdict for a QR text under another site's address."""
    return Verdict(VerifierResult.FOREIGN_HOST, False,
                   (Check("origin", "fail", f"{exc.code}: {exc.message}"),))


def foreign_host_verdict(text: str, public_urls: tuple[str, ...]) -> Verdict | None:
    """The ``foreign_host`` verdict if ``text`` is under another address than ``public_urls``
    (for a caller that verifies by other means, e.g. the offline CLI); otherwise None."""
    if not public_urls:
        return None
    try:
        _qr_bytes(text, public_urls)
    except ForeignHost as exc:
        return foreign_host(exc)
    except CredentialError:
        return None  # not this check's business: the verifier reports it
    return None


def with_pdf_check(verdict: Verdict, check: Check) -> Verdict:
    """An uploaded PDF's own signature joins the verdict: a valid certificate in a PDF that is
    not the file that was signed (altered, truncated) is ``pdf_signature_invalid``, never green."""
    result = verdict.result
    if check.outcome == "fail" and result == "valid":
        result = VerifierResult.PDF_SIGNATURE_INVALID
    return replace(verdict, result=result, checks=(*verdict.checks, check))


def certificate_info(claims: Claims) -> CertificateInfo:
    """The displayable signed fields (the ID only in its masked form)."""
    return CertificateInfo(
        claims.certificate_number, claims.name, claims.gender, claims.qualification_type,
        claims.subject, claims.authority_code, claims.issue_date, claims.masked_id,
    )


def _qr_bytes(text: str, public_urls: tuple[str, ...]) -> bytes:
    """§5.2: under one of ``public_urls`` when given (any http(s) origin otherwise)."""
    if not public_urls:
        return from_qr_text(text)
    for url in public_urls:
        try:
            return from_qr_text(text, public_url=url)
        except CredentialError as exc:
            if exc.code != "wrong_prefix":
                raise
    from_qr_text(text)  # not an ecert URL at all: that error, not "another site"
    text = text.strip()
    cut = max(text.rfind(payload_path_prefix), text.rfind(payload_path_prefix.lower()))
    raise ForeignHost(text[:cut], public_urls)


def _decode(data: str | bytes, public_urls: tuple[str, ...]) -> ParsedCredential:
    return parse_credential(_qr_bytes(data, public_urls) if isinstance(data, str) else data)


#: What a verifier sees repeats: a few keys, lists and states. So the checks each one yields are
#: values, built once per distinct input and shared (bounded memos, cleared when full). Correct by
#: construction: a check is computed from its frozen input object alone, and that whole object is
#: the memo key, so an input added to a check is part of the key.
_MAX_MEMO = 4096


@dataclass(frozen=True, slots=True)
class KeyInput:
    """Everything steps 1 and 5–6 depend on: the list, the key entry, the envelope's shape."""

    trust_version: int
    trust_expires: datetime
    trust_stale: bool
    kid: bytes
    key_authority: str
    key_status: str
    key_algorithm: str
    key_state: str  # the key's state when the credential was issued
    algorithm: Algorithm  # the envelope's
    size: int  # bytes of the envelope
    authority_code: str  # the credential's claimed authority


@dataclass(frozen=True, slots=True)
class StatusInput:
    """Everything steps 7–8 depend on."""

    qualification: QualificationStatus
    registration: RegistrationState
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class _KeyChecks:
    """Steps 1 and 5–6 for one :class:`KeyInput`."""

    before: tuple[Check, ...]  # format, trust list, key, authority: all before the signature
    failure: Result | None  # refused before the signature is even checked
    #: the checks after a good signature, and the result they lead to (None: go on to status)
    after: tuple[Check, ...] = ()
    after_result: Result | None = None


@dataclass(frozen=True, slots=True)
class _StatusChecks:
    """Steps 7–8 for one :class:`StatusInput`."""

    result: Result
    checks: tuple[Check, Check]
    registration: RegistrationInfo


_K = TypeVar("_K")
_V = TypeVar("_V")
_KEY_CHECKS: dict[KeyInput, _KeyChecks] = {}
_STATUS_CHECKS: dict[StatusInput, _StatusChecks] = {}


def _memoised(table: dict[_K, _V], build: Callable[[_K], _V], key: _K) -> _V:
    """``build(key)``, computed once per distinct ``key`` (the whole input) while it is kept."""
    value = table.get(key)
    if value is None:
        if len(table) >= _MAX_MEMO:
            table.clear()
        value = table[key] = build(key)
    return value


def verify_credential(
    data: str | bytes,
    *,
    trust: TrustList,
    status: StatusLookup | None,
    freshness: str,
    stale: bool = False,
    public_urls: tuple[str, ...] = (),
    list_checks: tuple[Check, ...] = (),
) -> Verdict:
    """QR text (or COSE bytes) → Verdict; ``status=None`` when no status source is available.

    ``public_urls``: the verifier's own addresses; a QR text under any other is ``foreign_host``
    (none given: any http(s) origin, as an offline decoder may). ``list_checks`` (e.g. the
    status list used) end the checks of every verdict but ``malformed`` and ``foreign_host``.
    """
    try:
        parsed = _decode(data, public_urls)
    except ForeignHost as exc:
        return foreign_host(exc)
    except CredentialError as exc:
        return malformed(exc)
    stale = stale or trust.stale
    kid = parsed.kid.hex()
    claims = parsed.claims
    entry = trust.entry(parsed.kid)
    if entry is None:
        checks = (_format_check(parsed.algorithm, len(parsed.raw)), _trust_check(trust),
                  Check("key", "fail", f"kid {kid} not valid in the trust list"), *list_checks)
        return Verdict(VerifierResult.UNKNOWN_KEY, False, checks, kid=kid, stale=stale)
    key = KeyInput(trust.version, trust.expires, trust.stale, entry.kid, entry.authority,
                   entry.status, entry.algorithm, trust.key_status(parsed.kid, claims.issued_at),
                   parsed.algorithm, len(parsed.raw), claims.authority_code)
    steps = _memoised(_KEY_CHECKS, key_checks, key)
    if steps.failure is not None:
        return Verdict(steps.failure, False, steps.before + list_checks, kid=kid, stale=stale)
    if not entry.verify(parsed.to_be_signed, parsed.signature):
        checks = (*steps.before, Check("signature", "fail", "signature does not verify"),
                  *list_checks)
        return Verdict(VerifierResult.INVALID_SIGNATURE, False, checks, kid=kid, stale=stale)
    if steps.after_result is not None:
        return Verdict(steps.after_result, False, steps.after + list_checks, kid=kid,
                       stale=stale)
    return _with_status(claims, status, steps.after, list_checks, kid=kid, freshness=freshness,
                        stale=stale)


def key_checks(key: KeyInput) -> _KeyChecks:
    """Steps 1 and 5–6 (format, list, key, algorithm, authority), the signature aside."""
    trust_text = f"v{key.trust_version}, expires {key.trust_expires.isoformat()}"
    before: tuple[Check, ...] = (
        _format_check(key.algorithm, key.size),
        Check("trust_list", "warn", f"stale (past expiry, within grace): {trust_text}")
        if key.trust_stale else Check("trust_list", "pass", trust_text),
    )
    kid = key.kid.hex()
    if key.key_state == "unknown_key":
        return _KeyChecks((*before, Check("key", "fail", f"kid {kid} not valid in the trust "
                                          "list")), VerifierResult.UNKNOWN_KEY)
    before += (Check("key", "warn" if key.key_state == "key_revoked" else "pass",
                     f"kid {kid} of authority {key.key_authority}: {key.key_status}"),)
    authority = key.authority_code
    if not _authority_matches(key.key_authority, authority):
        return _KeyChecks((*before, Check("authority", "fail", f"key of {key.key_authority} "
                                          f"cannot sign for {authority}")),
                          VerifierResult.UNKNOWN_KEY)
    before += (Check("authority", "pass", authority),)
    if key.key_algorithm != key.algorithm:
        return _KeyChecks((*before, Check("signature", "fail", "signature does not verify")),
                          VerifierResult.INVALID_SIGNATURE)
    after = (*before, Check("signature", "pass", key.algorithm))
    if key.key_state == "key_revoked":
        return _KeyChecks(before, None, (*after, Check("key_revocation", "fail",
                                                       "the signing key was revoked")),
                          VerifierResult.KEY_REVOKED)
    return _KeyChecks(before, None, after)


def _format_check(algorithm: str, size: int) -> Check:
    return Check("format", "pass", f"COSE_Sign1 {algorithm}, {size} bytes")


def _trust_check(trust: TrustList) -> Check:
    text = f"v{trust.version}, expires {trust.expires.isoformat()}"
    if trust.stale:
        return Check("trust_list", "warn", f"stale (past expiry, within grace): {text}")
    return Check("trust_list", "pass", text)


def _authority_matches(key_authority: str, authority_code: str) -> bool:
    # A key belongs to one authority or to a whole province (its 2-digit prefix).
    return bool(key_authority) and authority_code.startswith(key_authority)


_NO_STATUS = Check("status", "skip", "no status source: state as signed at issuance")
_NOT_LISTED = Check("status", "fail", "certificate not in the registry / status list")


def status_checks(key: StatusInput) -> _StatusChecks:
    """Steps 7–8 for a status, shared by every certificate in that state."""
    result = RESULT_BY_STATUS[key.qualification]
    state, until = key.registration, key.valid_until
    return _StatusChecks(result, (
        Check("status", "pass" if result == "valid" else "fail",
              f"qualification {key.qualification.value}"),
        Check("registration", "pass" if state == "registered" else "warn",
              state + (f" until {until}" if until else "")),
    ), RegistrationInfo(state, until))


def _with_status(
    claims: Claims, status: StatusLookup | None, checks: tuple[Check, ...],
    list_checks: tuple[Check, ...], *, kid: str, freshness: str, stale: bool,
) -> Verdict:
    cert = certificate_info(claims)
    if status is None:
        return Verdict(VerifierResult.VALID, True, (*checks, _NO_STATUS, *list_checks), cert,
                       RegistrationInfo(UNKNOWN_REGISTRATION), kid, "unknown", stale=stale)
    info = status(claims)
    if info is None:
        return Verdict(VerifierResult.NOT_FOUND, True, (*checks, _NOT_LISTED, *list_checks),
                       cert, None, kid,
                       freshness, stale=stale)
    if info.authority_name or info.licence_id:
        cert = cert._replace(authority_name=info.authority_name, licence_id=info.licence_id)
    steps = _memoised(_STATUS_CHECKS, status_checks,
                      StatusInput(info.qualification, info.registration, info.valid_until))
    if info.superseded_copy:
        checks += (Check("credential_version", "fail",
                         f"credential v{claims.version} was superseded when the booklet was "
                         "re-printed (补发/换发); only the current copy is valid"),)
    return Verdict(steps.result, True, checks + steps.checks + list_checks, cert,
                   steps.registration, kid, freshness, info.replaced_by, stale=stale,
                   photo=info.photo)
