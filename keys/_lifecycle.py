"""Credential-signing key lifecycle: create, rotate, retire, revoke, and the active signer.

A new key is ``pending`` until a trust list published for the verifier names it
(``publish_trust_list`` makes it ``active`` and retires its predecessor); which key signs is
decided by ``keys._signing`` against the published list.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from core.errors import Conflict, InvalidInput
from core.signing import Algorithm, Signer
from keys._crypto import (
    FileSigner,
    load_private_key,
)
from keys._errors import UnknownKey
from keys._events import LifecycleEvent, TokenConfig, now_utc
from keys._hierarchy import check_authority, check_passphrase, require_passphrase
from keys._provision import key_event, provision
from keys._signing import signing_key
from keys._store import Backend, KeyRecord, Keystore, Manifest, as_store

__all__ = [
    "active_signer",
    "create_key",
    "list_keys",
    "retire_key",
    "revoke_key",
    "rotate_all",
    "rotate_key",
]

def create_key(
    store: Keystore | Path,
    authority: str,
    *,
    custodian: str,
    passphrase: bytes | None,
    algorithm: Algorithm = "EdDSA",
    backend: Backend = "file",
    token: TokenConfig | None = None,
    authority_name: str | None = None,
    now: datetime | None = None,
    strict_permissions: bool = False,
) -> list[LifecycleEvent]:
    """Create the active signing key of ``authority`` (and its document certificate if missing)."""
    ks, moment = as_store(store), now_utc(now)
    check_authority(authority)
    check_passphrase(ks, passphrase, strict_permissions=strict_permissions)
    with ks.transaction() as m:
        if m.active_key(authority) is not None:
            raise Conflict(
                f"机构已有有效密钥 authority {authority!r} already has an active key; "
                "use `ecert keys rotate`",
                authority=authority,
            )
        _refuse_pending(m, authority)
        m.authorities.setdefault(authority, authority_name or authority)
        events = provision(
            ks, m, authority, signing_key=True, document=m.active_document(authority) is None,
            algorithm=algorithm, backend=backend, passphrase=passphrase, token=token,
            custodian=custodian, now=moment,
        )
    return events


def rotate_key(
    store: Keystore | Path,
    authority: str,
    *,
    custodian: str,
    passphrase: bytes | None,
    token: TokenConfig | None = None,
    algorithm: Algorithm | None = None,
    backend: Backend | None = None,
    now: datetime | None = None,
    strict_permissions: bool = False,
) -> list[LifecycleEvent]:
    """New pending key and document certificate.

    The old key keeps signing until a published trust list names the new one; publishing then
    retires it (what it signed stays verifiable).
    """
    ks, moment = as_store(store), now_utc(now)
    check_passphrase(ks, passphrase, strict_permissions=strict_permissions)
    with ks.transaction() as m:
        old = m.active_key(authority) or _latest(m, authority)
        _refuse_pending(m, authority)
        events = provision(
            ks, m, authority, signing_key=True, document=True,
            algorithm=algorithm or old.algorithm, backend=backend or old.backend,
            passphrase=passphrase, token=token, custodian=custodian, now=moment,
        )
    return [replace(e, action="keys.rotate") if e.action == "keys.create" else e for e in events]


def _refuse_pending(m: Manifest, authority: str) -> None:
    """One waiting key per authority: a second would make "which key is next" ambiguous."""
    pending = m.pending_key(authority)
    if pending is not None:
        raise Conflict(
            f"机构已有待发布密钥 authority {authority!r} already has key {pending.kid_hex} "
            "pending: publish it first (`ecert publish`) or revoke it",
            authority=authority,
            kid=pending.kid_hex,
        )


def _latest(m: Manifest, authority: str) -> KeyRecord:
    keys = [k for k in m.keys if k.authority == authority]
    if not keys:
        raise UnknownKey(
            f"机构无密钥 no key for authority {authority!r}: use `ecert keys create`",
            authority=authority,
        )
    return max(keys, key=lambda k: k.created_at)


def rotate_all(
    store: Keystore | Path,
    *,
    custodian: str,
    passphrase: bytes | None,
    token: TokenConfig | None = None,
    now: datetime | None = None,
    strict_permissions: bool = False,
) -> list[LifecycleEvent]:
    """Rotate every authority that has keys (none if any of them has a pending key)."""
    ks, moment = as_store(store), now_utc(now)
    m = ks.load()
    authorities = sorted({k.authority for k in m.keys})
    for code in authorities:
        _refuse_pending(m, code)
    events: list[LifecycleEvent] = []
    for code in authorities:
        events += rotate_key(
            ks,
            code,
            custodian=custodian,
            passphrase=passphrase,
            token=token,
            now=moment,
            strict_permissions=strict_permissions,
        )
    return events


def retire_key(
    store: Keystore | Path, kid: bytes | str, *, custodian: str, now: datetime | None = None
) -> list[LifecycleEvent]:
    """Stop signing with a key; what it signed before stays valid."""
    ks, moment = as_store(store), now_utc(now)
    with ks.transaction() as m:
        old = m.key(kid)
        if old.status != "active":
            raise Conflict(
                f"密钥不是有效状态 key {old.kid_hex} is {old.status}, not active", kid=old.kid_hex
            )
        new = replace(old, status="retired", valid_until=moment)
        m.replace_key(new)
    return [key_event("keys.retire", custodian, moment, old, new)]


def revoke_key(
    store: Keystore | Path,
    kid: bytes | str,
    *,
    custodian: str,
    compromised_at: datetime | None = None,
    now: datetime | None = None,
) -> list[LifecycleEvent]:
    """Revoke a key (compromise): everything it signed becomes ``key_revoked``."""
    ks, moment = as_store(store), now_utc(now)
    when = moment if compromised_at is None else now_utc(compromised_at)
    if when > moment:
        raise InvalidInput(
            "泄露时间不能晚于现在 compromised-at is in the future",
            field="compromised_at",
            rule="not_future",
        )
    with ks.transaction() as m:
        old = m.key(kid)
        if old.status == "revoked":
            raise Conflict(f"密钥已吊销 key {old.kid_hex} is already revoked", kid=old.kid_hex)
        new = replace(
            old,
            status="revoked",
            compromised_at=when,
            valid_until=min(old.valid_until or moment, moment),
        )
        m.replace_key(new)
    return [key_event("keys.revoke", custodian, moment, old, new)]


def list_keys(store: Keystore | Path) -> list[KeyRecord]:
    """Every credential-signing key, oldest first."""
    return sorted(as_store(store).load().keys, key=lambda k: (k.authority, k.created_at))


def active_signer(
    store: Keystore | Path,
    authority_code: str,
    *,
    published: bytes | None,
    passphrase: bytes | None = None,
    token: TokenConfig | None = None,
    strict_permissions: bool = False,
) -> Signer:
    """Signer for the key the authority signs with now (:func:`keys.signing_key`).

    ``published`` is the trust list the verifier serves (None: nothing published yet). Pending,
    retired and revoked keys, and keys that list does not name, never sign. A PKCS#11 signer
    keeps a token session open; call its ``close()`` when done.
    """
    record = signing_key(store, authority_code, published=published)
    return _open_signer(as_store(store), record, passphrase, token, strict_permissions)


def _open_signer(
    store: Keystore,
    record: KeyRecord,
    passphrase: bytes | None,
    token: TokenConfig | None,
    strict: bool,
) -> Signer:
    if record.backend == "file":
        path = store.file(f"signing/{record.kid_hex}.key.pem")
        key = load_private_key(
            path,
            require_passphrase(passphrase),
            strict_permissions=strict,
            expected=record.algorithm,
        )
        signer = FileSigner(key)
        if signer.kid != record.kid:
            raise UnknownKey(
                f"密钥文件与清单不符 key file {path} does not match kid {record.kid_hex}"
            )
        return signer
    if token is None:
        raise InvalidInput(
            "该密钥在令牌上 key is on a PKCS#11 token: token settings needed",
            field="token",
            rule="required",
        )
    from keys._pkcs11 import Pkcs11Signer, open_session

    session = open_session(token.module, record.token_label or token.label, token.pin)
    try:
        return Pkcs11Signer(session, record.kid, record.algorithm)
    except Exception:
        session.close()
        raise
