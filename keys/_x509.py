"""The X.509 side: a self-signed ECDSA P-256 CA and per-authority document-signing certificates."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from keys._errors import CertificateExpired, WrongKeyType

__all__ = [
    "check_validity",
    "create_ca_certificate",
    "issue_document_certificate",
    "load_certificate",
]

CA_NAME = "ecert 教师资格电子证照 CA"


def _name(common_name: str, org: str, unit: str | None = None) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
    ]
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


def create_ca_certificate(
    key: ec.EllipticCurvePrivateKey, *, organisation: str, now: datetime, days: int
) -> x509.Certificate:
    """Self-signed CA certificate (pathlen 0: it only issues end-entity certificates)."""
    name = _name(CA_NAME, organisation)
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def issue_document_certificate(
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    subject_key: ec.EllipticCurvePublicKey,
    *,
    authority_code: str,
    authority_name: str,
    now: datetime,
    days: int,
) -> x509.Certificate:
    """End-entity certificate for an authority's PAdES signatures, capped at the CA's expiry."""
    not_after = min(now + timedelta(days=days), ca_cert.not_valid_after_utc)
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(
            _name(authority_name or authority_code, "ecert", f"authority {authority_code}")
        )
        .issuer_name(ca_cert.subject)
        .public_key(subject_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(subject_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def load_certificate(data: bytes, *, what: str = "certificate") -> x509.Certificate:
    """PEM or DER certificate; :class:`WrongKeyType` for anything else."""
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise WrongKeyType(
            f"不是 X.509 证书 {what} is not an X.509 certificate", field=what, rule="certificate"
        ) from None


def check_validity(cert: x509.Certificate, now: datetime, *, what: str) -> None:
    """Raise :class:`CertificateExpired` when ``now`` is outside the certificate's validity."""
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now < start or now > end:
        state = "尚未生效 not yet valid" if now < start else "已过期 expired"
        raise CertificateExpired(
            f"{what} 证书{state}: valid {start:%Y-%m-%d} – {end:%Y-%m-%d}, now {now:%Y-%m-%d}",
            certificate=what,
            not_before=start.isoformat(),
            not_after=end.isoformat(),
        )


def certificate_pem(cert: x509.Certificate) -> bytes:
    """PEM encoding of a certificate."""
    return cert.public_bytes(serialization.Encoding.PEM)


def certificate_der(cert: x509.Certificate) -> bytes:
    """DER encoding of a certificate."""
    return cert.public_bytes(serialization.Encoding.DER)
