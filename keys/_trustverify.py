"""Verifier side of the trust list: refuse unsigned, tampered, foreign-root or expired lists."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import cbor2

from core.cose import CoseError, parse_sign1
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

__all__ = ["load_trust_list"]

_STATUSES = ("active", "retired", "revoked")
#: refused before parsing: a list of thousands of keys is far smaller
MAX_TRUST_LIST_BYTES = 1024 * 1024
_ALGS = {"EdDSA": 32, "ES256": 33}


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
    trust = _parse_payload(_decode(envelope.payload, "payload"), root.kid)
    return _check_time(trust, now_utc(now), grace, min_version)


def _decode(data: bytes, what: str) -> Any:
    try:
        return cbor2.loads(data)
    except Exception:  # cbor2 raises several unrelated types on garbage
        raise _invalid(f"{what} is not valid CBOR", "malformed") from None


def _time(value: Any, name: str, *, optional: bool = False) -> datetime | None:
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise _invalid(f"{name} must be an integer epoch time", "malformed")
    return datetime.fromtimestamp(value, UTC)


def _parse_payload(body: Any, root_kid: bytes) -> TrustList:
    if not isinstance(body, Mapping) or (body.get("type"), body.get("format")) != (
        LIST_TYPE,
        FORMAT,
    ):
        raise _invalid(f"payload is not an {LIST_TYPE} format {FORMAT}", "malformed")
    if body.get("root_kid") != root_kid:
        raise _invalid("payload names a different root kid", "wrong_root")
    keys = [_parse_key(k) for k in _list(body.get("keys"), "keys")]
    ca = body.get("ca")
    authorities = body.get("authorities") or {}
    if not isinstance(body.get("version"), int) or not isinstance(authorities, Mapping):
        raise _invalid("version/authorities malformed", "malformed")
    return TrustList(
        version=body["version"],
        issued_at=_req(_time(body.get("issued_at"), "issued_at")),
        next_update=_req(_time(body.get("next_update"), "next_update")),
        expires=_req(_time(body.get("expires"), "expires")),
        root_kid=root_kid,
        keys={k.kid: k for k in keys},
        authorities={str(a): str(n) for a, n in authorities.items()},
        ca_certificate=ca if isinstance(ca, bytes) else None,
    )


def _req(value: datetime | None) -> datetime:
    assert value is not None  # _time without optional never returns None
    return value


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise _invalid(f"{name} must be an array", "malformed")
    return list(value)


def _parse_key(item: Any) -> TrustedKey:
    if not isinstance(item, Mapping):
        raise _invalid("key entry must be a map", "malformed")
    alg, pub, kid = item.get("alg"), item.get("public_key"), item.get("kid")
    if alg not in _ALGS or not isinstance(pub, bytes) or len(pub) != _ALGS[alg]:
        raise _invalid(f"key entry has bad alg/public_key ({alg!r})", "malformed")
    if kid != compute_kid(pub):
        raise _invalid("key entry kid does not match its public key", "kid_mismatch")
    if item.get("status") not in _STATUSES or not isinstance(item.get("authority"), str):
        raise _invalid("key entry has bad status/authority", "malformed")
    return TrustedKey(
        kid=kid,
        authority=item["authority"],
        algorithm=alg,
        public_key=pub,
        valid_from=_req(_time(item.get("valid_from"), "valid_from")),
        valid_until=_time(item.get("valid_until"), "valid_until", optional=True),
        status=item["status"],
        compromised_at=_time(item.get("compromised_at"), "compromised_at", optional=True),
    )


def _check_time(trust: TrustList, now: datetime, grace: timedelta, min_version: int) -> TrustList:
    from dataclasses import replace

    if trust.version < min_version:
        raise _invalid(
            f"version {trust.version} older than cached {min_version} (rollback)", "rollback"
        )
    if trust.issued_at > now + ISSUED_AT_SKEW:
        raise _invalid(f"issued in the future ({trust.issued_at.isoformat()})", "not_yet_valid")
    if now <= trust.expires:
        return trust
    if now <= trust.expires + grace:
        return replace(trust, stale=True)
    raise TrustListExpired(
        f"信任列表已过期 trust list v{trust.version} expired {trust.expires.isoformat()} "
        f"and the grace period ({grace}) is over; fetch a new one",
        expires=trust.expires.isoformat(),
    )
