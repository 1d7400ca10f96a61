"""pyHanko signers for an authority's document-signing certificate (PAdES PDF signatures)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from core.errors import InvalidInput
from keys._crypto import load_private_key
from keys._errors import UnknownKey
from keys._events import TokenConfig, now_utc
from keys._hierarchy import CA_CERT, require_passphrase
from keys._store import DocumentCert, Keystore, as_store
from keys._x509 import certificate_der, check_validity, load_certificate

if TYPE_CHECKING:
    from pyhanko.sign.pkcs11 import PKCS11Signer
    from pyhanko.sign.signers import Signer

__all__ = ["pdf_signer"]


@cache
def _token_pdf_signer_class() -> type[PKCS11Signer]:
    # pyHanko takes ~0.5 s to import; the verifier imports keys and never signs PDFs.
    from pyhanko.sign.pkcs11 import PKCS11Signer

    class TokenPdfSigner(PKCS11Signer):
        """pyHanko's PKCS#11 signer that owns its token session; ``close()`` it when done."""

        def close(self) -> None:
            """Close the token session."""
            self.pkcs11_session.close()

    return TokenPdfSigner


def pdf_signer(
    store: Keystore | Path,
    authority_code: str,
    *,
    passphrase: bytes | None = None,
    token: TokenConfig | None = None,
    strict_permissions: bool = False,
    now: datetime | None = None,
) -> Signer:
    """pyHanko signer for the authority's document-signing certificate, CA chain embedded.

    File keys give a ``SimpleSigner``; token keys a ``PKCS11Signer`` with ``close()`` that
    ends its token session.
    An expired (or not yet valid) CA or certificate raises :class:`CertificateExpired`.
    """
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    ks, moment = as_store(store), now_utc(now)
    doc = _document_for(ks, authority_code)
    ca = load_certificate(ks.file(CA_CERT).read_bytes(), what="CA")
    cert = load_certificate(ks.file(doc.cert_file).read_bytes(), what="document")
    check_validity(ca, moment, what="CA")
    check_validity(cert, moment, what=f"{authority_code} 文档签名 document-signing")
    as_cert, as_ca = _asn1(cert), _asn1(ca)
    if doc.backend == "pkcs11":
        return _token_signer(doc, token, as_cert, as_ca)
    key = load_private_key(
        ks.file(doc.key_file),
        require_passphrase(passphrase),
        strict_permissions=strict_permissions,
        expected="ES256",
    )
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    registry: Any = SimpleCertificateStore.from_certs([as_cert, as_ca])  # type: ignore[no-untyped-call]
    return SimpleSigner(
        signing_cert=as_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=registry,
    )


def _token_signer(
    doc: DocumentCert,
    token: TokenConfig | None,
    cert: asn1_x509.Certificate,
    ca: asn1_x509.Certificate,
) -> PKCS11Signer:
    if token is None or doc.key_id is None:
        raise InvalidInput(
            "文档签名密钥在令牌上 document-signing key is on a PKCS#11 token: token needed",
            field="token",
            rule="required",
        )
    from keys._pkcs11 import open_session

    session = open_session(token.module, doc.token_label or token.label, token.pin)
    # Raw ECDSA with hashing in pyHanko works on every token (SoftHSM lacks some ECDSA_SHA*).
    return _token_pdf_signer_class()(
        session,
        signing_cert=cert,
        ca_chain=[ca],
        key_id=bytes.fromhex(doc.key_id),
        use_raw_mechanism=True,
    )


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate_der(cert))


def _document_for(store: Keystore, authority: str) -> DocumentCert:
    doc = store.load().active_document(authority)
    if doc is None:
        raise UnknownKey(
            f"机构无文档签名证书 no document-signing certificate for authority {authority!r}",
            authority=authority,
        )
    return doc
