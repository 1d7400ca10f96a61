"""Which key signs: the one rule tying issuance to the trust list the verifier serves.

A credential-signing key signs only while **both** hold:

- its custodians still mean it to sign: ``pending`` or ``active`` in the keystore (retiring or
  revoking a key stops it at once, before any verifier hears of it);
- the latest *published* trust list names it as ``active`` for the same authority (otherwise
  verifiers would answer ``unknown_key``).

Of the keys that qualify, the newest signs; so after a rotation the old key keeps signing until
a published list names the new one. Document (PDF) certificates chain to the CA, so one signs
only while the published list carries that CA. The caller passes the published list's bytes;
``keys`` reads neither settings nor the public folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from keys._errors import KeyNotUsable, TrustListExpired, TrustListInvalid
from keys._events import TokenConfig, now_utc
from keys._hierarchy import CA_CERT
from keys._store import KeyRecord, Keystore, Manifest, as_store
from keys._trustlist import TrustList
from keys._trustverify import load_trust_list
from keys._x509 import certificate_der, load_certificate

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer as PdfSigner

__all__ = ["KeyState", "document_signer", "key_states", "signing_key", "signing_keys"]

#: Issuance asks "is the key listed?", not "is the list fresh?" (that is the verifier's policy).
_ANY_AGE = timedelta(days=36500)
_PUBLISH = "run `ecert publish`"


@dataclass(frozen=True)
class KeyState:
    """A key as custodians see it: its record, whether the published list names it, whether it
    is the one its authority signs with now."""

    record: KeyRecord
    published: bool
    signing: bool


def _published(m: Manifest, published: bytes | None, now: datetime | None) -> TrustList | None:
    if published is None or m.root_public_key is None:
        return None
    try:
        return load_trust_list(published, m.root_public_key, now=now_utc(now), grace=_ANY_AGE)
    except (TrustListInvalid, TrustListExpired) as exc:
        raise KeyNotUsable(
            f"已发布的信任列表不可用 the published trust list is unusable ({exc.message}); "
            f"{_PUBLISH}",
            rule="published_trust_list",
        ) from None


def _vouched(trust: TrustList | None, record: KeyRecord) -> bool:
    entry = None if trust is None else trust.entry(record.kid)
    return entry is not None and entry.status == "active" and entry.authority == record.authority


def _select(m: Manifest, trust: TrustList | None) -> dict[str, KeyRecord]:
    chosen: dict[str, KeyRecord] = {}
    for record in sorted(m.keys, key=lambda k: k.created_at):  # the newest wins
        if record.status in ("pending", "active") and _vouched(trust, record):
            chosen[record.authority] = record
    return chosen


def signing_keys(
    store: Keystore | Path, *, published: bytes | None, now: datetime | None = None
) -> dict[str, KeyRecord]:
    """Authority → the key it signs with now (authorities that cannot sign are left out)."""
    m = as_store(store).load()
    return _select(m, _published(m, published, now))


def signing_key(
    store: Keystore | Path,
    authority: str,
    *,
    published: bytes | None,
    now: datetime | None = None,
) -> KeyRecord:
    """The key ``authority`` signs with now; :class:`KeyNotUsable` saying why when none may."""
    m = as_store(store).load()
    record = _select(m, _published(m, published, now)).get(authority)
    if record is not None:
        return record
    waiting = [k.kid_hex for k in m.keys if k.authority == authority
               and k.status in ("pending", "active")]
    if waiting:
        raise KeyNotUsable(
            f"密钥尚未发布 key {', '.join(waiting)} of authority {authority!r} is not in the "
            f"published trust list yet, so verifiers would not know it: {_PUBLISH}",
            authority=authority,
            rule="not_published",
        )
    raise KeyNotUsable(
        f"机构无有效签名密钥 authority {authority!r} has no active signing key "
        "(retired or revoked); create or rotate one",
        authority=authority,
    )


def key_states(
    store: Keystore | Path, *, published: bytes | None, now: datetime | None = None
) -> list[KeyState]:
    """Every credential-signing key, oldest first, with its published and signing flags."""
    m = as_store(store).load()
    trust = _published(m, published, now)
    signing = {k.kid for k in _select(m, trust).values()}
    records = sorted(m.keys, key=lambda k: (k.authority, k.created_at))
    return [KeyState(r, trust is not None and r.kid in trust.keys, r.kid in signing)
            for r in records]


def document_signer(
    store: Keystore | Path,
    authority: str,
    *,
    published: bytes | None,
    passphrase: bytes | None = None,
    token: TokenConfig | None = None,
    strict_permissions: bool = False,
    now: datetime | None = None,
) -> PdfSigner:
    """:func:`keys.pdf_signer`, once the published trust list carries the keystore's CA."""
    from keys._pdfsign import pdf_signer

    ks = as_store(store)
    trust = _published(ks.load(), published, now)
    ca = certificate_der(load_certificate(ks.file(CA_CERT).read_bytes(), what="CA"))
    if trust is None or trust.ca_certificate != ca:
        raise KeyNotUsable(
            "CA 证书尚未发布 the CA certificate is not in the published trust list, so PDF "
            f"signatures would not verify: {_PUBLISH}",
            authority=authority,
            rule="not_published",
        )
    return pdf_signer(ks, authority, passphrase=passphrase, token=token,
                      strict_permissions=strict_permissions, now=now)
