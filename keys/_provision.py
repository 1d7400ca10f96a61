"""An authority's keys come into being here: ``init_hierarchy`` and :func:`provision`.

A new credential-signing key is ``pending`` until a trust list published for the verifier names
it; its document certificate (PAdES) is issued with it. ``init_hierarchy``, ``create_key`` and
``rotate_key`` all go through :func:`provision`, each deciding only which of the two it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from core.errors import InvalidInput
from core.signing import Algorithm
from keys._crypto import PublicKey, generate_private_key, public_of, write_private_key
from keys._events import LifecycleEvent, TokenConfig, now_utc
from keys._hierarchy import (
    check_authority,
    check_passphrase,
    ensure_ca,
    ensure_root,
    issue_document_cert,
    require_passphrase,
)
from keys._store import Backend, KeyRecord, Keystore, Manifest

__all__ = ["init_hierarchy", "key_event", "new_key", "provision"]

ENTITY = "signing_key"


def key_event(
    action: str, custodian: str, now: datetime, before: KeyRecord | None, after: KeyRecord | None
) -> LifecycleEvent:
    """The lifecycle event of a signing key changing from ``before`` to ``after``."""
    kid = (after or before).kid_hex  # type: ignore[union-attr]
    return LifecycleEvent(
        action,
        ENTITY,
        kid,
        custodian,
        now,
        None if before is None else before.to_json(),
        None if after is None else after.to_json(),
    )


def provision(
    store: Keystore,
    m: Manifest,
    authority: str,
    *,
    signing_key: bool,
    document: bool,
    algorithm: Algorithm,
    backend: Backend,
    passphrase: bytes | None,
    token: TokenConfig | None,
    custodian: str,
    now: datetime,
) -> list[LifecycleEvent]:
    """A new pending signing key (``signing_key``), then a new document certificate
    (``document``, on the token when the key's backend is one), as lifecycle events."""
    events: list[LifecycleEvent] = []
    if signing_key:
        events += new_key(store, m, authority, algorithm=algorithm, backend=backend,
                          passphrase=passphrase, token=token, custodian=custodian, now=now)
    if document:
        events += issue_document_cert(
            store, m, authority, passphrase=require_passphrase(passphrase), custodian=custodian,
            now=now, token=token if backend == "pkcs11" else None)
    return events


def init_hierarchy(
    keys_dir: Path,
    *,
    passphrase: bytes | None,
    authorities: Sequence[tuple[str, str]],
    custodian: str,
    now: datetime | None = None,
    algorithm: Algorithm = "EdDSA",
    strict_permissions: bool = False,
    organisation: str | None = None,
) -> list[LifecycleEvent]:
    """Create root, CA and, per (code, name), a signing key and document certificate; idempotent.

    ``organisation`` is the CA certificate's O= (the issuing body's official name, which PDF
    readers show as the signer's issuer); an existing CA keeps its own."""
    moment, store = now_utc(now), Keystore(keys_dir)
    for code, _name in authorities:
        check_authority(code)
    events: list[LifecycleEvent] = []
    with store.transaction(create=True) as m:
        passphrase = check_passphrase(store, passphrase, strict_permissions=strict_permissions)
        events += ensure_root(store, m, passphrase, custodian, moment)
        events += ensure_ca(store, m, passphrase, custodian, moment, organisation=organisation)
        for code, name in authorities:
            m.authorities.setdefault(code, name)
            events += provision(
                store, m, code,
                signing_key=m.active_key(code) is None and m.pending_key(code) is None,
                document=m.active_document(code) is None,
                algorithm=algorithm, backend="file", passphrase=passphrase, token=None,
                custodian=custodian, now=moment,
            )
    return events


def new_key(
    store: Keystore,
    m: Manifest,
    authority: str,
    *,
    algorithm: Algorithm,
    backend: Backend,
    passphrase: bytes | None,
    token: TokenConfig | None,
    custodian: str,
    now: datetime,
) -> list[LifecycleEvent]:
    """Generate a key (file or token), add it to the manifest as pending (see module doc)."""
    label = f"ecert-{authority}-{now:%Y%m%dT%H%M%SZ}"
    if backend == "pkcs11":
        public = _generate_on_token(token, algorithm, label)
    else:
        private = generate_private_key(algorithm)
        public = public_of(private)
        path = store.file(f"signing/{public.kid.hex()}.key.pem")
        write_private_key(path, private, require_passphrase(passphrase))
    on_token = backend == "pkcs11" and token is not None
    record = KeyRecord(
        kid=public.kid,
        authority=authority,
        algorithm=algorithm,
        backend=backend,
        public_key=public.raw,
        created_at=now,
        valid_from=now,
        valid_until=None,
        status="pending",
        custodian=custodian,
        token_label=token.label if on_token and token else None,
        key_label=label if on_token else None,
    )
    m.keys.append(record)
    return [key_event("keys.create", custodian, now, None, record)]


def _generate_on_token(token: TokenConfig | None, algorithm: Algorithm, label: str) -> PublicKey:
    if token is None:
        raise InvalidInput(
            "PKCS#11 后端需要令牌配置 pkcs11 backend needs a token",
            field="token",
            rule="required",
        )
    from keys._pkcs11 import generate_token_key, open_token

    with open_token(token.module, token.label, token.pin) as session:
        return generate_token_key(session, algorithm, label)
