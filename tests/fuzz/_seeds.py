"""Valid inputs to mutate, built once per process from fixed test keys: credentials (the published
vectors' payloads, re-signed by a test authority key), a trust list and a status list signed by a
test root, their QR texts, and QR images (PNG, JPEG, WebP, TIFF, PDF)."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import cbor2
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.cose import envelope, protected_header, sig_structure, sign1
from core.credential import CredentialError, decode_claims, parse_credential, to_qr_text
from core.statuslist import CONTENT_TYPE as STATUS_CTY
from keys import compute_kid
from keys._trustlist import CONTENT_TYPE as TRUST_CTY

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
EPOCH = int(NOW.timestamp())
GRACE = timedelta(days=3)
PUBLIC_URL = "https://ecert.example.cn"


class TestKey:
    """A fixed Ed25519 key that signs like keys' signers (kid = compute_kid(public key))."""

    algorithm = "EdDSA"

    def __init__(self, seed: int) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
        self.public = self._key.public_key().public_bytes_raw()
        self.kid = compute_kid(self.public)

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


ROOT, AUTHORITY = TestKey(7), TestKey(9)


def sign_credential_payload(payload: bytes, key: TestKey = AUTHORITY) -> bytes:
    """A COSE_Sign1 credential over any payload bytes (valid claims or not)."""
    protected = protected_header("EdDSA", key.kid)
    return envelope(protected, payload, key.sign(sig_structure(protected, payload)))


def sign_trust_body(body: Any) -> bytes:
    return sign1(cbor2.dumps(body), ROOT, content_type=TRUST_CTY)


def sign_status_body(body: Any) -> bytes:
    return sign1(cbor2.dumps(body), ROOT, content_type=STATUS_CTY)


@dataclass(frozen=True)
class Seeds:
    payloads: tuple[bytes, ...]
    credentials: tuple[bytes, ...]
    qr_texts: tuple[str, ...]
    trust_body: dict[str, Any]
    status_body: dict[int, Any]
    trust_list: bytes
    status_list: bytes


def _vector_payloads() -> list[bytes]:
    out = []
    for path in sorted((VECTORS / "credential").glob("*.cose")):
        try:
            out.append(parse_credential(path.read_bytes()).payload)
        except CredentialError:  # a vector of another format version: its payload still seeds
            out.append(cbor2.loads(path.read_bytes()).value[2])
    return out


@cache
def seeds() -> Seeds:
    """Every valid seed, signed by the test keys (built once per process)."""
    payloads = tuple(_vector_payloads())
    authority = "11"
    for payload in payloads:
        try:
            authority = decode_claims(payload).authority_code[:2]
            break
        except CredentialError:
            continue
    credentials = tuple(sign_credential_payload(p) for p in payloads)
    trust_body: dict[str, Any] = {
        "type": "ecert-trust-list", "format": 1, "version": 3, "issued_at": EPOCH - 3600,
        "next_update": EPOCH + 86400, "expires": EPOCH + 7 * 86400, "root_kid": ROOT.kid,
        "authorities": {authority: "测试教育厅"},
        "keys": [{"kid": AUTHORITY.kid, "authority": authority, "alg": "EdDSA",
                  "public_key": AUTHORITY.public, "valid_from": 0, "valid_until": None,
                  "status": "active", "compromised_at": None}],
    }
    table = bytes([9, 10, 17, 33, 1, 2, 3, 4, 5, 0]) * 3
    status_body = {1: "ecert-status/1", 2: 5, 3: EPOCH - 3600, 4: EPOCH + 86400,
                   5: EPOCH + 7 * 86400, 6: len(table), 7: zlib.compress(table), 8: {1: 2}}
    return Seeds(payloads, credentials, tuple(to_qr_text(c, PUBLIC_URL) for c in credentials),
                 trust_body, status_body, sign_trust_body(trust_body),
                 sign_status_body(status_body))


@cache
def images() -> dict[str, bytes]:
    """The first credential's QR as PNG, JPEG, WebP, two-frame TIFF and a one-page PDF."""
    import pymupdf
    import qrcode

    image = qrcode.make(seeds().qr_texts[0], box_size=3, border=2).convert("L")
    out: dict[str, bytes] = {}
    for name, fmt, extra in (("qr.png", "PNG", {}), ("qr.jpg", "JPEG", {"quality": 70}),
                             ("qr.webp", "WEBP", {"quality": 60})):
        buf = io.BytesIO()
        image.save(buf, fmt, **extra)
        out[name] = buf.getvalue()
    buf = io.BytesIO()
    image.save(buf, "TIFF", save_all=True, append_images=[image.rotate(90)])
    out["scan.tif"] = buf.getvalue()
    with pymupdf.open() as doc:
        page = doc.new_page(width=200, height=200)
        page.insert_image(pymupdf.Rect(20, 20, 180, 180), stream=out["qr.png"])
        out["c.pdf"] = doc.tobytes(garbage=3, deflate=True)
    return out
