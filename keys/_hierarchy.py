"""Root key, CA and document-signing certificates; the checks every key operation makes first."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from core.errors import InvalidInput
from core.signing import Algorithm
from keys._crypto import (
    FileSigner,
    PrivateKey,
    check_permissions,
    generate_private_key,
    load_private_key,
    public_of,
    write_private_key,
)
from keys._errors import KeystoreNotInitialised
from keys._events import LifecycleEvent, TokenConfig, now_utc
from keys._store import DocumentCert, Keystore, Manifest, as_store
from keys._x509 import (
    certificate_pem,
    check_validity,
    create_ca_certificate,
    issue_document_certificate,
    load_certificate,
)

__all__ = [
    "ROOT_FILE",
    "export_ca",
    "issue_document_cert",
    "root_at_hand",
    "root_public_key",
    "root_signer",
]

ROOT_FILE = "root.key.pem"
CA_KEY, CA_CERT = "ca.key.pem", "ca.cert.pem"
CA_DAYS, DOCUMENT_DAYS = 3650, 730
ORGANISATION = "ecert 省级教师资格电子证照中心"


def require_passphrase(passphrase: bytes | None) -> bytes:
    """Key files are always encrypted: refuse a missing or empty passphrase."""
    if not passphrase:
        raise InvalidInput(
            "未配置密钥口令 no key passphrase: set ECERT_KEY_PASSPHRASE(_FILE)",
            field="passphrase",
            rule="required",
        )
    return passphrase


def ensure_root(
    store: Keystore, m: Manifest, passphrase: bytes, custodian: str, now: datetime
) -> list[LifecycleEvent]:
    """Create the Ed25519 trust-list root if the keystore has none."""
    if m.root_public_key is not None:
        return []
    key = _load_or_create(store.file(ROOT_FILE), "EdDSA", passphrase)
    m.root_public_key, m.root_created_at = public_of(key).raw, now
    after = {
        "kid": public_of(key).kid.hex(),
        "public_key": m.root_public_key.hex(),
        "algorithm": "EdDSA",
    }
    return [
        LifecycleEvent("keys.create_root", "root_key", after["kid"], custodian, now, None, after)
    ]


def ensure_ca(
    store: Keystore, m: Manifest, passphrase: bytes, custodian: str, now: datetime,
    *, organisation: str | None = None,
) -> list[LifecycleEvent]:
    """Create the self-signed P-256 CA (O= ``organisation``, else :data:`ORGANISATION`) if the
    keystore has none."""
    if store.file(CA_CERT).is_file():
        return []
    key = _load_or_create(store.file(CA_KEY), "ES256", passphrase)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    cert = create_ca_certificate(key, organisation=organisation or ORGANISATION, now=now,
                                 days=CA_DAYS)
    _write_public(store.file(CA_CERT), certificate_pem(cert))
    m.ca_not_after = cert.not_valid_after_utc
    after = {
        "serial": f"{cert.serial_number:x}",
        "subject": cert.subject.rfc4514_string(),
        "not_after": m.ca_not_after.isoformat(),
    }
    return [
        LifecycleEvent(
            "keys.create_ca", "ca_certificate", after["serial"], custodian, now, None, after
        )
    ]


def _load_or_create(path: Path, algorithm: Algorithm, passphrase: bytes) -> PrivateKey:
    # A key file without its manifest entry is left by an interrupted init: adopt it.
    if path.is_file():
        return load_private_key(path, passphrase, expected=algorithm)
    key = generate_private_key(algorithm)
    write_private_key(path, key, passphrase)
    return key


def _write_public(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(data)
    path.chmod(0o644)


def issue_document_cert(
    store: Keystore,
    m: Manifest,
    authority: str,
    *,
    passphrase: bytes,
    custodian: str,
    now: datetime,
    token: TokenConfig | None = None,
    strict_permissions: bool = False,
) -> list[LifecycleEvent]:
    """New document-signing key (file, or on ``token``) and certificate; earlier ones retire."""
    ca_key = load_private_key(
        store.file(CA_KEY), passphrase, strict_permissions=strict_permissions, expected="ES256"
    )
    ca_cert = load_certificate(store.file(CA_CERT).read_bytes(), what="CA")
    check_validity(ca_cert, now, what="CA")
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    stem = f"documents/{authority}-{now:%Y%m%d}-{secrets.token_hex(4)}"
    public, key_file, key_id = _new_document_key(store, stem, passphrase, token)
    cert = issue_document_certificate(
        ca_key,
        ca_cert,
        public,
        authority_code=authority,
        authority_name=m.authorities.get(authority, authority),
        now=now,
        days=DOCUMENT_DAYS,
    )
    _write_public(store.file(stem + ".cert.pem"), certificate_pem(cert))
    before = m.active_document(authority)
    m.retire_documents(authority)
    doc = DocumentCert(
        authority=authority,
        serial=f"{cert.serial_number:x}",
        cert_file=stem + ".cert.pem",
        key_file=key_file,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        created_at=now,
        custodian=custodian,
        backend="file" if token is None else "pkcs11",
        token_label=None if token is None else token.label,
        key_id=key_id,
    )
    m.documents.append(doc)
    return [
        LifecycleEvent(
            "keys.issue_document_cert",
            "document_certificate",
            doc.serial,
            custodian,
            now,
            None if before is None else before.to_json(),
            doc.to_json(),
        )
    ]


def _new_document_key(
    store: Keystore, stem: str, passphrase: bytes, token: TokenConfig | None
) -> tuple[ec.EllipticCurvePublicKey, str, str | None]:
    """A P-256 key for PAdES: (public key, key file or "", token CKA_ID hex or None)."""
    if token is None:
        key = generate_private_key("ES256")
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        write_private_key(store.file(stem + ".key.pem"), key, passphrase)
        return key.public_key(), stem + ".key.pem", None
    from keys._pkcs11 import generate_token_key, open_token

    with open_token(token.module, token.label, token.pin) as session:
        public = generate_token_key(session, "ES256", "ecert-doc-" + stem.split("/")[-1])
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public.raw)
    return point, "", public.kid.hex()


def check_authority(code: str) -> None:
    """Authority codes become file names and token labels: letters, digits, - and _ only."""
    if not code or len(code) > 32 or not code.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput(
            f"机构代码无效 invalid authority code {code!r}: letters/digits/-/_, at most 32",
            field="authority",
            rule="authority_code",
        )
    if not code.isascii():
        raise InvalidInput(
            f"机构代码须为 ASCII authority code {code!r} must be ASCII",
            field="authority",
            rule="authority_code",
        )


def check_passphrase(
    store: Keystore, passphrase: bytes | None, *, strict_permissions: bool = False
) -> bytes:
    """Fail before creating anything when the passphrase does not open the existing root key.

    Otherwise new key files would be written under a passphrase nobody else uses. In strict
    mode (production) every key file of the keystore must also be private to its owner.
    """
    passphrase = require_passphrase(passphrase)
    if strict_permissions:
        for path in sorted(store.path.rglob("*.key.pem")):
            check_permissions(path)
    if store.file(ROOT_FILE).is_file():
        load_private_key(store.file(ROOT_FILE), passphrase, expected="EdDSA")
    return passphrase


def root_public_key(store: Keystore | Path) -> bytes:
    """Raw 32-byte Ed25519 public key of the trust-list root (what verifiers pin)."""
    key = as_store(store).load().root_public_key
    if key is None:
        raise KeystoreNotInitialised(
            "密钥库无根密钥 keystore has no root key: run `ecert keys init`"
        )
    return key


def root_at_hand(store: Keystore | Path) -> bool:
    """Whether the trust-list root key file is in the keystore (custodians may keep it offline)."""
    return as_store(store).file(ROOT_FILE).is_file()


def root_signer(
    store: Keystore, passphrase: bytes | None, *, strict_permissions: bool = False
) -> FileSigner:
    """Signer over the Ed25519 root (signs trust lists only)."""
    key = load_private_key(
        store.file(ROOT_FILE),
        require_passphrase(passphrase),
        strict_permissions=strict_permissions,
        expected="EdDSA",
    )
    return FileSigner(key)


def export_ca(store: Keystore | Path, *, now: datetime | None = None) -> bytes:
    """PEM of the CA certificate (for pyhanko/Adobe trust settings); refuses an expired CA."""
    path = as_store(store).file(CA_CERT)
    if not path.is_file():
        raise KeystoreNotInitialised(
            "密钥库无 CA keystore has no CA certificate: run `ecert keys init`"
        )
    cert = load_certificate(path.read_bytes(), what="CA")
    check_validity(cert, now_utc(now), what="CA")
    return certificate_pem(cert)
