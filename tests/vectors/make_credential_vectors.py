"""Generate the credential test vectors (format v2) in tests/vectors/credential/ (README.md there).

Run from the repository root:  .venv/bin/python tests/vectors/make_credential_vectors.py

The bytes are built here *independently* of ``core.credential`` -- with cbor2's canonical
encoder and ``cryptography`` -- straight from docs/FORMAT.md; only at the end is
``core.credential`` asked to reproduce them, and the script stops if it disagrees. Both
signature schemes are deterministic (Ed25519; ECDSA with RFC 6979 nonces), so re-running the
script rewrites identical files.
"""

from __future__ import annotations

import hashlib
import json
import math
import runpy
import sys
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

OUT = Path(__file__).resolve().parent / "credential"
PUBLIC_URL = "https://ecert.example.gov.cn"
ORIGIN = "HTTPS://ECERT.EXAMPLE.GOV.CN"
# RFC 8032 §7.1 TEST 1 and TEST 2 secret keys; RFC 6979 A.2.5 P-256 private key.
ED25519_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
ED25519_WRONG_SEED = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
P256_SCALAR = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"

RECORD = {
    "certificate_number": "20234101042000123",
    "name": "李明华",
    "gender": "女",
    "masked_id": "4****************X",
    "qualification_type": 4,
    "subject": "数学",
    "authority_code": "41010",
    "issue_date": "2023-06-30",
    "version": 1,
    "issued_at": "2026-11-22T10:00:00Z",
    "status_index": 104729,
}
# Longest realistic texts (4-character name, 8-character subject, 9-character authority code)
# with the widest integer encodings (version 65535, status_index 2^32 - 1).
RECORD_MAX = {
    **RECORD,
    "certificate_number": "20264101062999999",
    "name": "欧阳晓梅",
    "gender": "女",
    "masked_id": "4****************8",
    "qualification_type": 6,
    "subject": "数控技术应用专业",
    "authority_code": "410100001",
    "version": 65535,
    "issued_at": "2099-12-31T23:59:59Z",
    "status_index": 4294967295,
}


# --- an independent encoder, written from docs/FORMAT.md --------------------------------------
def days(iso: str) -> int:
    return (date.fromisoformat(iso) - date(1970, 1, 1)).days


def claims_map(r: dict[str, Any]) -> dict[int, Any]:
    """Format v2: keys 1-3 and 5-12 (key 4, v1's birth date, is gone)."""
    masked = r["masked_id"]
    prefix, suffix = masked[: masked.index("*")], masked[masked.rindex("*") + 1 :]
    issued = datetime.fromisoformat(r["issued_at"].replace("Z", "+00:00"))
    return {
        1: int(r["certificate_number"]),
        2: r["name"],
        3: {"男": 1, "女": 2}[r["gender"]],
        5: [prefix, len(masked) - len(prefix) - len(suffix), suffix],
        6: r["qualification_type"],
        7: r["subject"],
        8: r["authority_code"],
        9: days(r["issue_date"]),
        10: r["version"],
        11: int(issued.timestamp()),
        12: r["status_index"],
    }


def claims_map_v1(r: dict[str, Any]) -> dict[int, Any]:
    """Format v1 (retired): key 4 = the birth date, and the 3 + 4 mask."""
    v1 = {**claims_map(r), 4: days("1995-03-14"), 5: ["410", 11, "002X"]}
    return dict(sorted(v1.items()))


def canonical(obj: Any) -> bytes:
    return cbor2.dumps(obj, canonical=True)


def digits(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 7):
        chunk = data[i : i + 7]
        width = math.ceil(len(chunk) * 8 * math.log10(2))
        out.append(str(int.from_bytes(chunk, "big")).zfill(width))
    return "".join(out)


class Key:
    def __init__(self, name: str, algorithm: str, private: Any, public_raw: bytes) -> None:
        self.name, self.algorithm, self.private = name, algorithm, private
        self.public_raw = public_raw
        self.kid = hashlib.sha256(public_raw).digest()[:8]  # as keys.compute_kid / TRUST_LIST.md

    def sign(self, data: bytes) -> bytes:
        if self.algorithm == "EdDSA":
            return bytes(self.private.sign(data))
        der = self.private.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
        r, s = decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def describe(self) -> dict[str, str]:
        if self.algorithm == "EdDSA":
            secret = self.private.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            )
        else:
            secret = self.private.private_numbers().private_value.to_bytes(32, "big")
        return {
            "algorithm": self.algorithm,
            "private_hex": secret.hex(),
            "public_hex": self.public_raw.hex(),
            "kid_hex": self.kid.hex(),
        }


def ed25519_key(name: str, seed_hex: str) -> Key:
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return Key(name, "EdDSA", private, raw)


def p256_key(name: str, scalar_hex: str) -> Key:
    private = ec.derive_private_key(int(scalar_hex, 16), ec.SECP256R1())
    raw = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
    )
    return Key(name, "ES256", private, raw)


def protected(key: Key, alg: int | None = None) -> bytes:
    default = {"EdDSA": -8, "ES256": -7}[key.algorithm]
    return canonical({1: alg if alg is not None else default, 4: key.kid})


def sign1(key: Key, payload: bytes, prot: bytes | None = None, tagged: bool = True) -> bytes:
    prot = prot if prot is not None else protected(key)
    signature = key.sign(canonical(["Signature1", prot, b"", payload]))
    body = [prot, {}, payload, signature]
    return canonical(cbor2.CBORTag(18, body) if tagged else body)


# --- the vectors ------------------------------------------------------------------------------
def positive(vector_id: str, key: Key, record: dict[str, Any]) -> dict[str, Any]:
    payload = canonical(claims_map(record))
    prot = protected(key)
    tbs = canonical(["Signature1", prot, b"", payload])
    cose = sign1(key, payload)
    (OUT / f"{vector_id}.cose").write_bytes(cose)
    return {
        "id": vector_id,
        "key": key.name,
        "public_url": PUBLIC_URL,
        "claims": record,
        "claims_cbor_hex": payload.hex(),
        "protected_hex": prot.hex(),
        "to_be_signed_hex": tbs.hex(),
        "signature_hex": cose[-64:].hex(),
        "cose_hex": cose.hex(),
        "cose_file": f"{vector_id}.cose",
        "cose_bytes": len(cose),
        "qr_text": f"{ORIGIN}/C/{digits(cose)}",
    }


def negative(vector_id: str, description: str, **fields: Any) -> dict[str, Any]:
    return {"id": vector_id, "description": description, **fields}


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes((data[index] ^ 0x01,)) + data[index + 1 :]


def qr(data: bytes, origin: str = ORIGIN) -> str:
    return f"{origin}/C/{digits(data)}"


def negatives(ed: Key, cose: bytes) -> list[dict[str, Any]]:
    payload = canonical(claims_map(RECORD))
    extra = canonical({**claims_map(RECORD), 13: 1})
    v1 = canonical(claims_map_v1(RECORD))
    wide_mask = canonical({**claims_map(RECORD), 5: ["41", 15, "X"]})
    # The last claim is 12 (status_index, 104729 = 1a 00019919); rewrite it as 1b + 8 bytes.
    assert payload[-6:] == bytes.fromhex("0c1a00019919")
    long_int = payload[:-5] + b"\x1b" + int.from_bytes(payload[-4:], "big").to_bytes(8, "big")
    bomb = zlib.compress(b"\0" * 512 * 1024, 9)
    big_bomb = zlib.compress(b"\0" * 2 * 1024 * 1024, 9)
    digits_cut = qr(cose)[:-4]
    verify_fail = {"outcome": "verify_fails"}
    return [
        negative("flipped_signature_bit", "bit 0 of the signature's first byte flipped",
                 qr_text=qr(flip(cose, len(cose) - 64)), verify_with="ed25519", expect=verify_fail),
        negative("flipped_payload_bit", "bit 0 of the last claims byte (status_index) flipped",
                 qr_text=qr(flip(cose, len(cose) - 67)), verify_with="ed25519", expect=verify_fail),
        negative("wrong_key", "the positive credential checked with another Ed25519 key",
                 qr_text=qr(cose), verify_with="ed25519_wrong", expect=verify_fail),
        negative("truncated_cose", "the COSE bytes without their last 10 bytes",
                 qr_text=qr(cose[:-10]), expect={"error": "truncated"}),
        negative("truncated_digits", "the QR text without its last 4 digits (impossible length)",
                 qr_text=digits_cut, expect={"error": "malformed"}),
        negative("empty_payload", "nothing after /C/",
                 qr_text=f"{ORIGIN}/C/", expect={"error": "truncated"}),
        negative("wrong_prefix_host", "a valid payload under another host",
                 qr_text=qr(cose, "HTTPS://ECERT.EXAMPLE.COM"), public_url=PUBLIC_URL,
                 expect={"error": "wrong_prefix"}),
        negative("wrong_prefix_version", "a valid payload under /D/ (no such format version)",
                 qr_text=qr(cose).replace("/C/", "/D/"), public_url=PUBLIC_URL,
                 expect={"error": "wrong_prefix"}),
        negative("oversized", "a COSE_Sign1 whose payload is 1,000 bytes (1,084 in all)",
                 qr_text=qr(sign1(ed, b"\xa0" * 1000)), expect={"error": "oversized"}),
        negative("decompression_bomb", "zlib of 2 MiB of zeros (1,960 bytes), never inflated",
                 qr_text=qr(big_bomb), expect={"error": "oversized"}),
        negative("compressed_payload", "signed COSE_Sign1, payload zlib (512 KiB inflated)",
                 qr_text=qr(sign1(ed, bomb)), expect={"error": "malformed"}),
        negative("untagged", "the COSE_Sign1 array without tag 18",
                 qr_text=qr(cose[1:]), expect={"error": "bad_structure"}),
        negative("unsupported_alg", "protected header alg -35 (ES384), signed",
                 qr_text=qr(sign1(ed, payload, protected(ed, -35))),
                 expect={"error": "unsupported_alg"}),
        negative("unknown_claim", "claims with an extra key 13, signed",
                 qr_text=qr(sign1(ed, extra)), expect={"error": "malformed"}),
        negative("format_v1", "a format-v1 credential (key 4 = birth date, 3 + 4 mask), signed",
                 qr_text=qr(sign1(ed, v1)), expect={"error": "malformed"}),
        negative("mask_too_wide", "masked ID showing 2 leading characters, signed",
                 qr_text=qr(sign1(ed, wide_mask)), expect={"error": "malformed"}),
        negative("non_deterministic", "status_index written as a 64-bit integer, signed",
                 qr_text=qr(sign1(ed, long_int)), expect={"error": "malformed"}),
        negative("trailing_byte", "one 0x00 byte after the COSE_Sign1",
                 qr_text=qr(cose + b"\x00"), expect={"error": "malformed"}),
        negative("chunk_overflow", "a 17-digit chunk above 2^56 - 1",
                 qr_text=f"{ORIGIN}/C/99999999999999999", expect={"error": "malformed"}),
    ]  # fmt: skip


def check_with_library(document: dict[str, Any]) -> None:
    """Stop if core.credential does not reproduce the independently built bytes."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from core.credential import encode_claims, from_qr_text, parse_credential, to_qr_text

    for vector in document["positive"]:
        cose = bytes.fromhex(vector["cose_hex"])
        parsed = parse_credential(cose)
        assert encode_claims(parsed.claims).hex() == vector["claims_cbor_hex"], vector["id"]
        assert parsed.to_be_signed.hex() == vector["to_be_signed_hex"], vector["id"]
        assert to_qr_text(cose, PUBLIC_URL) == vector["qr_text"], vector["id"]
        assert from_qr_text(vector["qr_text"]) == cose, vector["id"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    ed = ed25519_key("ed25519", ED25519_SEED)
    wrong = ed25519_key("ed25519_wrong", ED25519_WRONG_SEED)
    p256 = p256_key("p256", P256_SCALAR)
    pos = [
        positive("eddsa_basic", ed, RECORD),
        positive("eddsa_max", ed, RECORD_MAX),
        positive("es256_basic", p256, RECORD),
    ]
    document = {
        "format": "ecert credential v2 (docs/FORMAT.md)",
        "generator": "tests/vectors/make_credential_vectors.py",
        "public_url": PUBLIC_URL,
        "keys": {k.name: k.describe() for k in (ed, wrong, p256)},
        "positive": pos,
        "negative": negatives(ed, bytes.fromhex(pos[0]["cose_hex"])),
    }
    check_with_library(document)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    (OUT / "credential_v2.json").write_text(text, encoding="utf-8")
    print(f"wrote {OUT / 'credential_v2.json'}: {len(pos)} positive, "
          f"{len(document['negative'])} negative")  # fmt: skip
    # The status-list vectors (tests/vectors/status/) have their own, equally independent script.
    runpy.run_path(str(Path(__file__).with_name("make_status_vectors.py")), run_name="__main__")


if __name__ == "__main__":
    main()
