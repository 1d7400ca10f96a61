"""Publish the signed trust list and status list where the public verifier serves them.

The verifier holds no private keys: the issuer signs, writes ``$ECERT_HOME/public/…``
atomically, and the verifier only reads those files.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from core.audit import record_event
from core.clock import today, utcnow
from core.db import session_scope
from core.files import write_public
from core.settings import PUBLIC_CA, PUBLIC_ROOT_KEY, PUBLIC_STATUS_LIST, PUBLIC_TRUST_LIST
from issuer._checkpoint import write_checkpoint
from issuer._produce import IssuerContext
from issuer._status_publish import publish_status_list
from keys import (
    Keystore,
    LifecycleEvent,
    export_ca,
    load_public_key,
    publish_trust_list,
    root_public_key,
    root_signer,
)

__all__ = ["publish_lists", "write_status_list"]


def write_status_list(ctx: IssuerContext, out: Path, *, engine: Engine | None = None) -> int:
    """Sign the current status list into ``out``; returns its size in bytes."""
    signer = root_signer(Keystore(ctx.keys_dir), ctx.passphrase,
                         strict_permissions=ctx.strict_permissions)
    with session_scope(engine) as session:
        data = publish_status_list(session, signer=signer, now=utcnow(), today=today())
    write_public(out, data)
    return len(data)


def publish_lists(ctx: IssuerContext, public_dir: Path, *, custodian: str,
                  engine: Engine | None = None) -> LifecycleEvent:
    """Write both lists, the root public key and the CA certificate into ``public_dir`` (the
    trust list's version bump is audited). Only public material ever lands there.

    Pending keys become active in this trust list (``after["changed"]`` of the returned event
    names them and the keys they retire), and issuance switches to them once it is written.
    """
    root = root_public_key(ctx.keys_dir)
    write_public(public_dir / PUBLIC_ROOT_KEY, load_public_key(root, "EdDSA").pem())
    write_public(public_dir / PUBLIC_CA, export_ca(ctx.keys_dir))
    # Written inside the keystore's transaction, before a pending key is recorded as active:
    # issuance switches to it only once the verifier can see it (keys.signing_key reads this).
    _, event = publish_trust_list(ctx.keys_dir, passphrase=ctx.passphrase,
                                  custodian=custodian, now=utcnow(),
                                  strict_permissions=ctx.strict_permissions,
                                  write=lambda data: write_public(public_dir / PUBLIC_TRUST_LIST,
                                                                  data))
    with session_scope(engine) as session:
        record_event(session, **event.audit_kwargs())
    write_status_list(ctx, public_dir / PUBLIC_STATUS_LIST, engine=engine)
    write_checkpoint(ctx.keys_dir, ctx.passphrase, public_dir,  # anchor the audit chain
                     strict_permissions=ctx.strict_permissions, engine=engine)
    return event
