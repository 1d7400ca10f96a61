"""CA and document-signing certificates: chain validation, expiry errors, a signed PDF."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

import keys

from .conftest import AUTHORITIES, NOW, PASS


def _doc_cert(store: keys.Keystore, code: str) -> bytes:
    doc = store.load().active_document(code)
    assert doc is not None
    return store.file(doc.cert_file).read_bytes()


def _asn1(pem: bytes) -> asn1_x509.Certificate:
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)
    )


def _validate(cert_pem: bytes, ca_pem: bytes, moment: datetime) -> None:
    context = ValidationContext(trust_roots=[_asn1(ca_pem)], moment=moment)
    validator = CertificateValidator(_asn1(cert_pem), validation_context=context)
    usage = {"digital_signature", "non_repudiation"}
    asyncio.run(validator.async_validate_usage(usage))  # type: ignore[no-untyped-call]


def test_chain_validates_with_certvalidator(store: keys.Keystore) -> None:
    ca = keys.export_ca(store, now=NOW)
    for code, _ in AUTHORITIES:
        _validate(_doc_cert(store, code), ca, NOW + timedelta(days=1))


def test_chain_refused_by_foreign_ca(store: keys.Keystore, tmp_path: Path) -> None:
    keys.init_hierarchy(tmp_path / "other", passphrase=PASS, authorities=[], custodian="a", now=NOW)
    foreign_ca = keys.export_ca(tmp_path / "other", now=NOW)
    with pytest.raises((PathBuildingError, PathValidationError)):
        _validate(_doc_cert(store, "350500"), foreign_ca, NOW + timedelta(days=1))


def test_leaf_directly_issued_by_ca(store: keys.Keystore) -> None:
    ca = x509.load_pem_x509_certificate(keys.export_ca(store, now=NOW))
    leaf = x509.load_pem_x509_certificate(_doc_cert(store, "410000"))
    leaf.verify_directly_issued_by(ca)  # raises if signature/issuer do not match
    assert "河南省教育厅" in leaf.subject.rfc4514_string()
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True


def test_document_cert_is_end_entity(store: keys.Keystore) -> None:
    leaf = x509.load_pem_x509_certificate(_doc_cert(store, "350500"))
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign


def test_rotation_issues_new_document_cert(store: keys.Keystore) -> None:
    before = _doc_cert(store, "350500")
    keys.rotate_key(store, "350500", custodian="李四", passphrase=PASS, now=NOW + timedelta(days=1))
    after = _doc_cert(store, "350500")
    assert before != after
    assert sum(d.status == "active" for d in store.load().documents if d.authority == "350500") == 1


def test_expired_document_cert_refused(store: keys.Keystore) -> None:
    with pytest.raises(keys.CertificateExpired, match="document-signing") as info:
        keys.pdf_signer(store, "350500", passphrase=PASS, now=NOW + timedelta(days=731))
    assert info.value.code == "certificate_expired"
    with pytest.raises(keys.CertificateExpired, match="not yet valid"):
        keys.pdf_signer(store, "350500", passphrase=PASS, now=NOW - timedelta(days=1))


def test_expired_ca_refused(store: keys.Keystore) -> None:
    later = NOW + timedelta(days=3651)
    with pytest.raises(keys.CertificateExpired, match="CA"):
        keys.export_ca(store, now=later)
    with pytest.raises(keys.CertificateExpired, match="CA"):
        keys.pdf_signer(store, "350500", passphrase=PASS, now=later)
    with pytest.raises(keys.CertificateExpired, match="CA"):  # cannot issue under a dead CA
        keys.rotate_key(store, "350500", custodian="a", passphrase=PASS, now=later)


def test_pdf_signer_errors(store: keys.Keystore) -> None:
    with pytest.raises(keys.UnknownKey, match="no document-signing"):
        keys.pdf_signer(store, "999999", passphrase=PASS, now=NOW)
    with pytest.raises(keys.WrongPassphrase):
        keys.pdf_signer(store, "350500", passphrase=b"bad", now=NOW)


def test_wrong_certificate_file_type(store: keys.Keystore) -> None:
    (store.path / "ca.cert.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\nxx\n")
    with pytest.raises(keys.WrongKeyType, match="not an X.509"):
        keys.export_ca(store, now=NOW)


def test_signed_pdf_validates(tmp_path: Path) -> None:
    """End to end: a PAdES signature made with pdf_signer validates against the exported CA."""
    now = datetime.now(UTC)  # pyhanko stamps the real time
    keys.init_hierarchy(
        tmp_path / "k",
        passphrase=PASS,
        authorities=AUTHORITIES[:1],
        custodian="a",
        now=now - timedelta(minutes=1),
    )
    signer = keys.pdf_signer(tmp_path / "k", "350500", passphrase=PASS, now=now)
    status = sign_and_validate(signer, keys.export_ca(tmp_path / "k", now=now))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()


def sign_and_validate(signer: Any, ca_pem: bytes) -> Any:
    """Sign a one-page PDF with ``signer`` and validate it trusting only ``ca_pem``."""
    import pymupdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import async_validate_pdf_signature

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "teacher certificate")
    out = BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(doc.tobytes())),
        signers.PdfSignatureMetadata(field_name="Sig1"),
        signer=signer,
        output=out,
    )
    reader = PdfFileReader(BytesIO(out.getvalue()))
    context = ValidationContext(trust_roots=[_asn1(ca_pem)])
    return asyncio.run(
        async_validate_pdf_signature(
            reader.embedded_signatures[0], signer_validation_context=context
        )
    )
