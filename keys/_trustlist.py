"""The trust list: a COSE_Sign1 (EdDSA, by the root) over a CBOR map of every signing key.

docs/TRUST_LIST.md is the normative description for third-party verifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import cbor2

from core.cose import sign1
from core.signing import Algorithm, Signer
from keys._crypto import PublicKey, load_public_key
from keys._events import LifecycleEvent, now_utc
from keys._hierarchy import CA_CERT, root_signer
from keys._seals import revoked_seal_fingerprints, sm2_ca_certificates
from keys._store import KeyRecord, Keystore, as_store
from keys._x509 import certificate_der, load_certificate

__all__ = [
    "KeyTrust",
    "TrustList",
    "TrustedKey",
    "publish_trust_list",
    "sign_trust_list",
]

KeyTrust = Literal["trusted", "unknown_key", "key_revoked"]
CONTENT_TYPE = "application/ecert-trust-list+cbor"
LIST_TYPE = "ecert-trust-list"
FORMAT = 1
#: Tolerance between the signer's claimed signing time and a key's validity window.
SIGNED_AT_SKEW = timedelta(minutes=5)
#: A list issued further in the future than this is refused (clock skew allowance).
ISSUED_AT_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class TrustedKey:
    """One credential-signing key as the trust list states it."""

    kid: bytes
    authority: str
    algorithm: Algorithm
    public_key: bytes
    valid_from: datetime
    valid_until: datetime | None
    status: Literal["active", "retired", "revoked"]
    compromised_at: datetime | None

    @cached_property
    def window(self) -> tuple[datetime, datetime | None]:
        """When the list vouches for the key's signatures, with SIGNED_AT_SKEW either side."""
        until = self.valid_until
        return self.valid_from - SIGNED_AT_SKEW, None if until is None else until + SIGNED_AT_SKEW

    @cached_property
    def verifier(self) -> PublicKey:
        """The key loaded once, for :meth:`verify`."""
        return load_public_key(self.public_key, self.algorithm)

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` (raw; ES256 as r||s) over ``data`` is this key's."""
        return self.verifier.verify(data, signature)


@dataclass(frozen=True)
class TrustList:
    """A verified trust list; ``stale`` when past ``expires`` but inside the grace period."""

    version: int
    issued_at: datetime
    next_update: datetime
    expires: datetime
    root_kid: bytes
    keys: Mapping[bytes, TrustedKey]
    authorities: Mapping[str, str] = field(default_factory=dict)
    ca_certificate: bytes | None = None
    stale: bool = False
    #: DER of the SM2 seal CA (GB/T 38540 seals of OFD licences), and the SHA-256 of every
    #: revoked seal certificate: what :func:`keys.verify_ses_signature` takes.
    sm2_ca_certificate: bytes | None = None
    revoked_seals: frozenset[bytes] = frozenset()

    def entry(self, kid: bytes | str) -> TrustedKey | None:
        """The listed key, or None."""
        return self.keys.get(_kid(kid))

    def key_status(self, kid: bytes | str, signed_at: datetime | None = None) -> KeyTrust:
        """``trusted``, ``unknown_key`` or ``key_revoked`` for a signature by ``kid``.

        A revoked key is ``key_revoked`` whatever ``signed_at`` says: the signing time is claimed
        by the signer itself, so after a compromise it proves nothing. A ``signed_at`` outside the
        key's validity window (± SIGNED_AT_SKEW) gives ``unknown_key``: the list does not vouch
        for the key at that time.
        """
        entry = self.entry(kid)
        if entry is None:
            return "unknown_key"
        if entry.status == "revoked":
            return "key_revoked"
        if signed_at is not None and (signed_at.tzinfo is not UTC or signed_at.microsecond):
            signed_at = now_utc(signed_at)  # (claims carry UTC whole seconds already)
        if signed_at is not None and not _within(entry, signed_at):
            return "unknown_key"
        return "trusted"

    def public_key(self, kid: bytes | str) -> PublicKey | None:
        """The key's public key (algorithm + raw bytes), or None when not listed."""
        entry = self.entry(kid)
        return None if entry is None else PublicKey(entry.algorithm, entry.public_key)

    def authority(self, kid: bytes | str) -> str | None:
        """The authority code the key belongs to, or None when not listed."""
        entry = self.entry(kid)
        return None if entry is None else entry.authority


def _within(entry: TrustedKey, signed_at: datetime) -> bool:
    start, end = entry.window
    return start <= signed_at and (end is None or signed_at <= end)


def _kid(kid: bytes | str) -> bytes:
    if isinstance(kid, bytes):
        return kid
    try:
        return bytes.fromhex(kid)
    except ValueError:
        return b""


# --- producing -----------------------------------------------------------------------------


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _key_entry(record: KeyRecord) -> dict[str, Any]:
    return {
        "kid": record.kid,
        "authority": record.authority,
        "alg": record.algorithm,
        "public_key": record.public_key,
        "valid_from": _epoch(record.valid_from),
        "valid_until": _epoch(record.valid_until),
        "status": record.status,
        "compromised_at": _epoch(record.compromised_at),
    }


def sign_trust_list(payload: Mapping[str, Any], signer: Signer) -> bytes:
    """Tagged COSE_Sign1 over canonical CBOR of ``payload``, signed by ``signer``."""
    return sign1(cbor2.dumps(dict(payload), canonical=True), signer, content_type=CONTENT_TYPE)


def publish_trust_list(
    store: Keystore | Path,
    *,
    passphrase: bytes | None,
    custodian: str,
    now: datetime | None = None,
    validity: timedelta = timedelta(days=7),
    next_update: timedelta = timedelta(days=1),
    strict_permissions: bool = False,
    activate_pending: bool = True,
    write: Callable[[bytes], None] | None = None,
) -> tuple[bytes, LifecycleEvent]:
    """Sign the next version of the trust list with the root; return it and its audit event.

    Pending keys become active (their predecessors retire) in the list that first names them;
    with ``activate_pending=False`` (a list not meant for the verifier) they stay out of it.
    ``write`` publishes the list before the keystore records it, so a list that could not be
    written activates nothing.
    """
    ks, moment = as_store(store), now_utc(now)
    signer = root_signer(ks, passphrase, strict_permissions=strict_permissions)
    with ks.transaction() as m:
        changed = m.activate_pending(moment) if activate_pending else []
        m.trust_list_version += 1
        ca = ks.file(CA_CERT)
        payload: dict[str, Any] = {
            "type": LIST_TYPE,
            "format": FORMAT,
            "version": m.trust_list_version,
            "issued_at": _epoch(moment),
            "next_update": _epoch(moment + next_update),
            "expires": _epoch(moment + validity),
            "root_kid": signer.kid,
            "authorities": dict(m.authorities),
            "keys": [_key_entry(k) for k in sorted(m.keys, key=lambda k: (k.authority, k.kid))
                     if k.status != "pending"],
        }
        if ca.is_file():
            payload["ca"] = certificate_der(load_certificate(ca.read_bytes(), what="CA"))
        for sm2_ca in sm2_ca_certificates(ks):
            payload["sm2_ca"] = sm2_ca
            payload["revoked_seals"] = revoked_seal_fingerprints(ks)
        data = sign_trust_list(payload, signer)
        if write is not None:
            write(data)
    version, expires = m.trust_list_version, moment + validity
    after = {"version": version, "keys": len(m.keys), "expires": expires.isoformat(),
             "changed": {k.kid_hex: k.status for k in changed}}
    event = LifecycleEvent(
        "keys.publish_trust_list", "trust_list", str(version), custodian, moment, None, after
    )
    return data, event
