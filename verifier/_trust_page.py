"""What a citizen downloads to trust the PDF signature: the CA certificate (the root of the PDF
signing chain) and the root key that signs the trust list, with their SHA-256 fingerprints.

Public material only. The CA certificate comes from the published trust list (signed under the
pinned root key, so what is offered is what the verifier itself trusts); the root key is the
published ``root-key.pem`` (``ecert publish``), else the pinned key's public part.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime

from core.clock import utcnow
from core.errors import EcertError
from verifier._online import VerifierService, pinned_root_key

__all__ = ["TrustMaterial", "fingerprint", "issuer_name", "trust_material"]


@dataclass(frozen=True, slots=True)
class TrustMaterial:
    """The downloads of the /trust page; a part is None when it is not published."""

    ca_der: bytes | None
    ca_subject: str
    ca_organisation: str
    ca_not_before: datetime | None
    ca_not_after: datetime | None
    root_pem: bytes | None

    @property
    def ca_pem(self) -> bytes | None:
        if self.ca_der is None:
            return None
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        return x509.load_der_x509_certificate(self.ca_der).public_bytes(Encoding.PEM)

    @property
    def ca_fingerprint(self) -> str:
        return fingerprint(self.ca_der) if self.ca_der else ""

    @property
    def root_fingerprint(self) -> str:
        return fingerprint(self.root_pem) if self.root_pem else ""


def fingerprint(data: bytes) -> str:
    """SHA-256 as colon-separated upper-case hex pairs (as Windows, Adobe and `openssl x509
    -fingerprint -sha256` show a certificate's; `sha256sum` shows the same digits)."""
    digest = hashlib.sha256(data).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _ca_names(der: bytes) -> tuple[str, str, datetime | None, datetime | None]:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    cert = x509.load_der_x509_certificate(der)
    orgs = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    org = str(orgs[0].value) if orgs else ""
    return (cert.subject.rfc4514_string(), org, cert.not_valid_before_utc,
            cert.not_valid_after_utc)


_names: dict[bytes, tuple[str, str, datetime | None, datetime | None]] = {}
_lock = threading.Lock()


def _ca_der(service: VerifierService) -> bytes | None:
    try:
        return service.trust(utcnow()).ca_certificate
    except EcertError:
        return None


def _names_of(der: bytes) -> tuple[str, str, datetime | None, datetime | None]:
    with _lock:
        known = _names.get(der)
    if known is None:
        try:
            known = _ca_names(der)
        except ValueError:
            known = ("", "", None, None)
        with _lock:
            _names.clear()  # one CA at a time; a new list replaces it
            _names[der] = known
    return known


def issuer_name(service: VerifierService) -> str:
    """The issuing organisation as its CA certificate names it; '' when no list is published."""
    der = _ca_der(service)
    return _names_of(der)[1] if der else ""


def _root_pem(service: VerifierService) -> bytes | None:
    from core.settings import PUBLIC_ROOT_KEY

    published = service.settings.public_dir / PUBLIC_ROOT_KEY
    if published.is_file():
        return published.read_bytes()
    try:
        raw = pinned_root_key(service.settings)
    except EcertError:
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PublicKey.from_public_bytes(raw)
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def trust_material(service: VerifierService) -> TrustMaterial:
    """The CA certificate and root key as published, with their names and validity."""
    der = _ca_der(service)
    subject, org, before, after = _names_of(der) if der else ("", "", None, None)
    return TrustMaterial(der, subject, org, before, after, _root_pem(service))
