"""Verifier side of the trust list: refuse unsigned, tampered, foreign-root or expired lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from core.cbor import DECODE_ERRORS, CborInvalid, loads, uint
from core.cose import CoseError, parse_sign1
from core.freshness import stale_or_refuse
from keys._crypto import compute_kid, load_public_key
from keys._errors import TrustListExpired, TrustListInvalid, WrongKeyType
from keys._events import now_utc
from keys._trustlist import (
    FORMAT,
    ISSUED_AT_SKEW,
    LIST_TYPE,
    TrustedKey,
    TrustList,
)

__all__ = ["age_trust_list", "load_trust_list"]

_STATUSES = ("active", "retired", "revoked")
#: refused before parsing: a list of thousands of keys is far smaller
MAX_TRUST_LIST_BYTES = 1024 * 1024
_ALGS = {"EdDSA": 32, "ES256": 33}
#: Bounds on what a list may say: plenty for any real list, small enough to print and compare.
_MAX_KEYS = 10_000
_MAX_TEXT = 256
_MAX_CA_BYTES = 64 * 1024


def _invalid(reason: str, rule: str) -> TrustListInvalid:
    return TrustListInvalid(
        f"信任列表无效 trust list refused: {reason}", field="trust_list", rule=rule
    )


def load_trust_list(
    data: bytes,
    root_public_key: bytes,
    *,
    now: datetime,
    grace: timedelta,
    min_version: int = 0,
) -> TrustList:
    """Verify and parse a trust list signed by the Ed25519 root ``root_public_key``."""
    try:
        root = load_public_key(root_public_key, "EdDSA")
    except WrongKeyType:
        raise _invalid("root public key is not a 32-byte Ed25519 key", "root_key") from None
    try:
        envelope = parse_sign1(data, max_bytes=MAX_TRUST_LIST_BYTES)
    except CoseError as exc:
        raise _invalid(exc.message, exc.rule or "malformed") from None
    if envelope.algorithm != "EdDSA":
        raise _invalid("protected header must say alg EdDSA (-8)", "algorithm")
    if envelope.kid != root.kid:
        raise _invalid("signed by a different root key (kid mismatch)", "wrong_root")
    if not envelope.signature:
        raise _invalid("unsigned (empty signature)", "unsigned")
    if not root.verify(envelope.to_be_signed, envelope.signature):
        raise _invalid("signature does not verify: tampered or wrong root", "bad_signature")
    try:  # the one boundary: whatever slips past the field checks is still ``malformed``
        trust = _parse_payload(_decode(envelope.payload, "payload"), root.kid)
    except DECODE_ERRORS as exc:
        raise _invalid(f"payload cannot be decoded ({type(exc).__name__})", "malformed") \
            from None
    return _check_time(trust, now_utc(now), grace, min_version)


def _decode(data: bytes, what: str) -> Any:
    try:  # strict: no tags, plain values only (core.cbor)
        return loads(data, max_depth=4, what=what)
    except CborInvalid as exc:
        raise _invalid(exc.message, "malformed") from None


def _time(value: Any, name: str, *, optional: bool = False) -> datetime | None:
    if value is None and optional:
        return None
    seconds = uint(value)  # 1970..2106: what every list and credential time fits in
    if seconds is None:
        raise _invalid(f"{name} must be an integer epoch time in 0..2^32-1", "malformed")
    return datetime.fromtimestamp(seconds, UTC)


def _text(value: Any, name: str) -> str:
    if type(value) is not str or len(value) > _MAX_TEXT:
        raise _invalid(f"{name} must be text of at most {_MAX_TEXT} characters", "malformed")
    return value


def _parse_payload(body: Any, root_kid: bytes) -> TrustList:
    if type(body) is not dict or (body.get("type"), body.get("format")) != (LIST_TYPE, FORMAT) \
            or type(body.get("format")) is not int:
        raise _invalid(f"payload is not an {LIST_TYPE} format {FORMAT}", "malformed")
    if body.get("root_kid") != root_kid:
        raise _invalid("payload names a different root kid", "wrong_root")
    keys = [_parse_key(k) for k in _list(body.get("keys"), "keys")]
    ca = body.get("ca")
    authorities = body.get("authorities") or {}
    version = uint(body.get("version"))
    if version is None or type(authorities) is not dict or len(authorities) > _MAX_KEYS:
        raise _invalid("version (0..2^32-1) or authorities (a map of text) malformed",
                       "malformed")
    if ca is not None and (type(ca) is not bytes or len(ca) > _MAX_CA_BYTES):
        raise _invalid("ca must be a DER certificate (bytes)", "malformed")
    sm2_ca, revoked_seals = body.get("sm2_ca"), body.get("revoked_seals") or []
    if sm2_ca is not None and (type(sm2_ca) is not bytes or len(sm2_ca) > _MAX_CA_BYTES):
        raise _invalid("sm2_ca must be a DER certificate (bytes)", "malformed")
    if any(type(f) is not bytes or len(f) != 32 for f in _list(revoked_seals, "revoked_seals")):
        raise _invalid("revoked_seals must be SHA-256 fingerprints (32 bytes)", "malformed")
    return TrustList(
        version=version,
        issued_at=_req(_time(body.get("issued_at"), "issued_at")),
        next_update=_req(_time(body.get("next_update"), "next_update")),
        expires=_req(_time(body.get("expires"), "expires")),
        root_kid=root_kid,
        keys={k.kid: k for k in keys},
        authorities={_text(a, "authority code"): _text(n, "authority name")
                     for a, n in authorities.items()},
        ca_certificate=ca,
        sm2_ca_certificate=sm2_ca,
        revoked_seals=frozenset(revoked_seals),
    )


def _req(value: datetime | None) -> datetime:
    assert value is not None  # _time without optional never returns None
    return value


def _list(value: Any, name: str) -> list[Any]:
    if type(value) is not list or len(value) > _MAX_KEYS:
        raise _invalid(f"{name} must be an array of at most {_MAX_KEYS}", "malformed")
    return value


def _parse_key(item: Any) -> TrustedKey:
    if type(item) is not dict:
        raise _invalid("key entry must be a map", "malformed")
    alg, pub, kid = item.get("alg"), item.get("public_key"), item.get("kid")
    if type(alg) is not str or alg not in _ALGS or type(pub) is not bytes \
            or len(pub) != _ALGS[alg]:
        raise _invalid(f"key entry has bad alg/public_key ({alg!r})", "malformed")
    if type(kid) is not bytes or kid != compute_kid(pub):
        raise _invalid("key entry kid does not match its public key", "kid_mismatch")
    status = item.get("status")
    if type(status) is not str or status not in _STATUSES:
        raise _invalid("key entry has bad status", "malformed")
    return TrustedKey(
        kid=kid,
        authority=_text(item.get("authority"), "key authority"),
        algorithm=alg,  # type: ignore[arg-type]  # a key of _ALGS, checked above
        public_key=pub,
        valid_from=_req(_time(item.get("valid_from"), "valid_from")),
        valid_until=_time(item.get("valid_until"), "valid_until", optional=True),
        status=status,  # type: ignore[arg-type]  # one of _STATUSES, checked above
        compromised_at=_time(item.get("compromised_at"), "compromised_at", optional=True),
    )


def _check_time(trust: TrustList, now: datetime, grace: timedelta, min_version: int) -> TrustList:
    if trust.version < min_version:
        raise _invalid(
            f"version {trust.version} older than cached {min_version} (rollback)", "rollback"
        )
    if trust.issued_at > now + ISSUED_AT_SKEW:
        raise _invalid(f"issued in the future ({trust.issued_at.isoformat()})", "not_yet_valid")
    return age_trust_list(trust, now=now, grace=grace)


def age_trust_list(trust: TrustList, *, now: datetime, grace: timedelta) -> TrustList:
    """``trust`` flagged stale past its expiry; refused (TrustListExpired) past ``grace``."""
    stale = stale_or_refuse(trust.expires, now=now, grace=grace, refuse=lambda: TrustListExpired(
        f"信任列表已过期 trust list v{trust.version} expired {trust.expires.isoformat()} "
        f"and the grace period ({grace}) is over; fetch a new one",
        expires=trust.expires.isoformat()))
    return trust if trust.stale == stale else replace(trust, stale=stale)
