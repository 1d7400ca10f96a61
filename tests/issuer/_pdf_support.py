"""Test helpers for the PDF tests: a booklet view, a QR matrix, a JPEG, a throwaway X.509 chain.

Independent of core/credential and keys/: the QR matrix comes from the `qrcode` library and the
document-signing chain is generated here with `cryptography`.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import cv2
import numpy as np
import qrcode
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PIL import Image
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from issuer._booklet import BookletView

CST = timezone(timedelta(hours=8))
AUTHORITY = "广州市天河区教育局"


def qr_text(seed: int = 1, digits: int = 420) -> str:
    """A URL of the credential's shape: upper-case alphanumeric prefix, then a long digit run."""
    rnd = random.Random(seed)
    return "HTTP://127.0.0.1:8000/C/" + "".join(rnd.choice("0123456789") for _ in range(digits))


def qr_matrix(text: str, mask: int | None = None) -> list[list[bool]]:
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask
    )
    qr.add_data(text, optimize=20)  # numeric/alphanumeric segments, as the credential does
    qr.make(fit=True)
    return [[bool(m) for m in row] for row in qr.get_matrix()]


def opencv_reads(matrix: list[list[bool]], text: str) -> bool:
    """Whether OpenCV's classic detector reads the symbol from a clean 5-px-per-module image."""
    size = len(matrix) + 8
    clean = np.full((size, size), 255, dtype=np.uint8)
    clean[4:-4, 4:-4] = np.where(np.array(matrix), 0, 255)
    image = np.kron(clean, np.ones((5, 5), dtype=np.uint8))
    return bool(cv2.QRCodeDetector().detectAndDecode(image)[0] == text)


def jpeg_photo() -> bytes:
    img = Image.new("RGB", (295, 413), (250, 250, 250))
    img.paste((60, 90, 160), (80, 100, 215, 300))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def make_view(**overrides: Any) -> BookletView:
    text = overrides.pop("qr_text", qr_text())
    fields: dict[str, Any] = {
        "certificate_number": "20244400141000123",
        "name": "欧阳明华",
        "gender": "女",
        "masked_id": "4****************X",
        "ethnicity": "汉族",
        "qualification_label": "高级中学教师资格",
        "subject": "数学",
        "authority_name": AUTHORITY,
        "issue_date": date(2024, 6, 30),
        "photo_jpeg": jpeg_photo(),
        "annotations": [
            (date(2025, 1, 5), "补发", "原证书遗失，按原证书号码补发。", AUTHORITY),
            (
                date(2025, 3, 1),
                "更正",
                "出生日期更正为1990年3月12日。Birth date corrected.",
                AUTHORITY,
            ),
        ],
        "registrations": [
            ("注册合格", date(2021, 9, 1), date(2026, 8, 31), AUTHORITY, date(2021, 8, 20)),
            ("暂缓注册", None, None, AUTHORITY, date(2026, 9, 10)),
        ],
        "status_label": "有效",
        "qr_text": text,
        "qr_matrix": qr_matrix(text),
        "issued_at": datetime(2026, 11, 22, 10, 20, 30, tzinfo=CST),
        "credential_version": 2,
    }
    fields.update(overrides)
    return BookletView(**fields)


@dataclass(frozen=True)
class Chain:
    ca: x509.Certificate
    leaf: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def root_der(self) -> bytes:
        return self.ca.public_bytes(serialization.Encoding.DER)

    @property
    def root_pem(self) -> bytes:
        return self.ca.public_bytes(serialization.Encoding.PEM)

    def signer(self) -> SimpleSigner:
        def load(cert: x509.Certificate) -> asn1_x509.Certificate:
            return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

        key = self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return SimpleSigner(
            signing_cert=load(self.leaf),
            signing_key=asn1_keys.PrivateKeyInfo.load(key),
            cert_registry=SimpleCertificateStore.from_certs([load(self.ca)]),  # type: ignore[no-untyped-call]
        )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ecert test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_chain(leaf_name: str = "天河区教育局 文档签名") -> Chain:
    """A self-signed ECDSA P-256 CA and a document-signing leaf, valid 2024–2044."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("ecert 测试根 CA"))
        .issuer_name(_name("ecert 测试根 CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=20 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(leaf_name))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=True, ca=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return Chain(ca=ca, leaf=leaf, key=key)
