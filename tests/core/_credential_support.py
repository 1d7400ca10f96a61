"""Shared helpers for the credential tests: fixed keys as ``core.signing.Signer`` objects.

``keys/`` is written in parallel, so these sign with ``cryptography`` directly; the kid is the first
8 bytes of SHA-256 over the raw public key, as docs/TRUST_LIST.md defines it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from core.credential import Claims

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "credential" / "credential_v2.json"
ED25519_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
P256_SCALAR = int("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", 16)


def load_vectors() -> dict[str, Any]:
    return json.loads(VECTORS.read_text(encoding="utf-8"))


class Ed25519Signer:
    algorithm: Literal["EdDSA"] = "EdDSA"

    def __init__(self, seed: bytes = ED25519_SEED) -> None:
        self.private = Ed25519PrivateKey.from_private_bytes(seed)
        self.public = self.private.public_key()
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_raw = raw
        self.kid = hashlib.sha256(raw).digest()[:8]

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)

    def verifies(self, signature: bytes, data: bytes) -> bool:
        return verify_ed25519(self.public_raw, signature, data)


class P256Signer:
    algorithm: Literal["ES256"] = "ES256"

    def __init__(self, scalar: int = P256_SCALAR) -> None:
        self.private = ec.derive_private_key(scalar, ec.SECP256R1())
        self.public = self.private.public_key()
        raw = self.public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
        self.public_raw = raw
        self.kid = hashlib.sha256(raw).digest()[:8]

    def sign(self, data: bytes) -> bytes:
        der = self.private.sign(data, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def verifies(self, signature: bytes, data: bytes) -> bool:
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            self.public.verify(der, data, ec.ECDSA(hashes.SHA256()))
        except Exception:
            return False
        return True


def verify_ed25519(public_raw: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, data)
    except Exception:
        return False
    return True


def claims_from_json(record: dict[str, Any]) -> Claims:
    return Claims(
        certificate_number=record["certificate_number"],
        name=record["name"],
        gender=record["gender"],
        masked_id=record["masked_id"],
        qualification_type=record["qualification_type"],
        subject=record["subject"],
        authority_code=record["authority_code"],
        issue_date=date.fromisoformat(record["issue_date"]),
        version=record["version"],
        issued_at=datetime.fromisoformat(record["issued_at"].replace("Z", "+00:00")),
        status_index=record["status_index"],
    )


def sample_claims(**changes: Any) -> Claims:
    fields: dict[str, Any] = {
        "certificate_number": "20234101042000123",
        "name": "李明华",
        "gender": "女",
        "masked_id": "4****************X",
        "qualification_type": 4,
        "subject": "数学",
        "authority_code": "41010",
        "issue_date": date(2023, 6, 30),
        "version": 1,
        "issued_at": datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
        "status_index": 104_729,
    }
    fields.update(changes)
    return Claims(**fields)
