"""SM2 X.509 certificates, built and checked with ``asn1crypto`` (``cryptography`` has no SM2).

Signature algorithm SM2-with-SM3 (1.2.156.10197.1.501, no parameters, per GM/T 0015); public
keys id-ecPublicKey (1.2.840.10045.2.1) with the named curve SM2 (1.2.156.10197.1.301). The SM2
seal CA is self-signed (pathlen 0); seal certificates are end-entity, digitalSignature +
nonRepudiation, with subject and authority key identifiers (SHA-1 of the key, RFC 5280 4.2.1.2).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import keys as asn1_keys
from asn1crypto import x509

from keys._errors import WrongKeyType
from keys._sm2 import SM2_CURVE_OID, SM2_WITH_SM3_OID, Sm2PrivateKey, sm2_sign, sm2_verify

__all__ = ["Sm2Cert", "authority_unit", "issue_sm2_certificate", "parse_sm2_certificate",
           "sm2_name"]

#: A certificate of ours is about 600 bytes; refuse anything absurd before parsing.
MAX_CERT_BYTES = 16 * 1024


#: A seal certificate names its authority in its subject's OU: "authority <code>".
_AUTHORITY_UNIT = "authority "


def authority_unit(code: str) -> str:
    """The subject OU of an authority's seal certificate (what verifiers bind seals by)."""
    return _AUTHORITY_UNIT + code


def _unit_authority(unit: object) -> str | None:
    """The authority code of a seal certificate's single OU, None when it names none."""
    if isinstance(unit, str) and unit.startswith(_AUTHORITY_UNIT):
        return unit[len(_AUTHORITY_UNIT):] or None
    return None


def sm2_name(common_name: str, organisation: str, unit: str | None = None) -> x509.Name:
    """C=CN, O=…, [OU=…,] CN=… as UTF8String (Chinese names survive every reader)."""
    attrs: dict[str, str] = {"country_name": "CN", "organization_name": organisation}
    if unit:
        attrs["organizational_unit_name"] = unit
    attrs["common_name"] = common_name
    return x509.Name.build(attrs)


def _key_id(spki: bytes) -> bytes:
    """RFC 5280 method 1: SHA-1 over the subjectPublicKey BIT STRING's bytes."""
    info = asn1_keys.PublicKeyInfo.load(spki)
    return hashlib.sha1(info["public_key"].contents[1:]).digest()  # noqa: S324 (an identifier)


def _ext(name: str, value: object, critical: bool) -> x509.Extension:
    return x509.Extension({"extn_id": name, "critical": critical, "extn_value": value})


def issue_sm2_certificate(
    *,
    issuer_key: Sm2PrivateKey,
    issuer_name: x509.Name,
    issuer_spki: bytes,
    subject_name: x509.Name,
    subject_spki: bytes,
    not_before: datetime,
    not_after: datetime,
    ca: bool,
) -> bytes:
    """DER of a certificate for ``subject_spki`` signed (SM2-with-SM3) by ``issuer_key``."""
    usage = {"key_cert_sign", "crl_sign"} if ca else {"digital_signature", "non_repudiation"}
    extensions = [
        _ext("basic_constraints", {"ca": ca, "path_len_constraint": 0 if ca else None}, True),
        _ext("key_usage", usage, True),
        _ext("key_identifier", _key_id(subject_spki), False),
        _ext("authority_key_identifier", {"key_identifier": _key_id(issuer_spki)}, False),
    ]
    sig_alg = {"algorithm": SM2_WITH_SM3_OID}
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": int.from_bytes(secrets.token_bytes(16), "big") >> 1 or 1,
            "signature": sig_alg,
            "issuer": issuer_name,
            "validity": {
                "not_before": x509.Time({"utc_time": not_before}),
                "not_after": x509.Time({"utc_time": not_after}),
            },
            "subject": subject_name,
            "subject_public_key_info": asn1_keys.PublicKeyInfo.load(subject_spki),
            "extensions": extensions,
        }
    )
    signature = sm2_sign(issuer_key, tbs.dump())
    cert = x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": sig_alg, "signature_value": signature}
    )
    der: bytes = cert.dump()
    return der


@dataclass(frozen=True)
class Sm2Cert:
    """What the seal checks need from an SM2 certificate (parsed once, strictly)."""

    der: bytes
    serial: int
    subject: str
    subject_cn: str
    issuer_der: bytes
    subject_der: bytes
    not_before: datetime
    not_after: datetime
    spki: bytes
    is_ca: bool
    #: the authority code in the subject's OU "authority <code>" (seal certificates), else None
    authority: str | None
    tbs: bytes
    signature: bytes
    signature_oid: str

    @property
    def sha256(self) -> bytes:
        """Fingerprint: what trust lists name revoked seal certificates by."""
        return hashlib.sha256(self.der).digest()

    def signed_by(self, issuer: Sm2Cert) -> bool:
        """True when ``issuer`` (a CA) named and signed this certificate with SM2-with-SM3."""
        return (
            issuer.is_ca
            and self.issuer_der == issuer.subject_der
            and self.signature_oid == SM2_WITH_SM3_OID
            and sm2_verify(issuer.spki, self.tbs, self.signature)
        )

    def valid_at(self, moment: datetime) -> bool:
        """Whether ``moment`` lies within notBefore..notAfter."""
        return self.not_before <= moment <= self.not_after


def parse_sm2_certificate(der: bytes) -> Sm2Cert:
    """Parse a DER SM2 certificate; :class:`WrongKeyType` for anything else."""
    try:
        if not der or len(der) > MAX_CERT_BYTES:
            raise ValueError(f"{len(der)} bytes")
        cert = x509.Certificate.load(der, strict=True)
        tbs = cert["tbs_certificate"]
        spki = tbs["subject_public_key_info"]
        if spki["algorithm"]["algorithm"].native != "ec" or \
                spki["algorithm"]["parameters"].chosen.native != SM2_CURVE_OID:
            raise ValueError("not an SM2 public key")
        constraints = cert.basic_constraints_value
        return Sm2Cert(
            der=bytes(der),
            serial=int(tbs["serial_number"].native),
            subject=cert.subject.human_friendly,
            subject_cn=str(cert.subject.native.get("common_name", "")),
            issuer_der=cert.issuer.dump(),
            subject_der=cert.subject.dump(),
            not_before=tbs["validity"]["not_before"].native,
            not_after=tbs["validity"]["not_after"].native,
            spki=spki.dump(),
            is_ca=bool(constraints is not None and constraints["ca"].native),
            authority=_unit_authority(cert.subject.native.get("organizational_unit_name")),
            tbs=tbs.dump(),
            signature=bytes(cert["signature_value"].native),
            signature_oid=str(cert["signature_algorithm"]["algorithm"].dotted),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        raise WrongKeyType(
            "不是 SM2 证书 not an SM2 X.509 certificate", field="certificate", rule="sm2_cert"
        ) from None
