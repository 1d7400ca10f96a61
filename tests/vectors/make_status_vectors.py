"""Generate the status-list test vectors in tests/vectors/status/ (see README.md there).

Run from the repository root:  .venv/bin/python tests/vectors/make_status_vectors.py
(``make_credential_vectors.py`` runs it too.)

Like the credential vectors, the bytes are built here from docs/FORMAT.md ("Status list") with
cbor2's canonical encoder, zlib and ``cryptography`` -- not with ``core.statuslist``; at the end
``core.statuslist`` is asked to build the same list and to parse every vector, and the script
stops if it disagrees. Ed25519 is deterministic, so re-running rewrites identical files (given
the same zlib: a verifier only inflates, it need not reproduce the compressed bytes).
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from pathlib import Path
from typing import Any, Literal

import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

OUT = Path(__file__).resolve().parent / "status"
# RFC 8032 §7.1 TEST 1 secret key: the stand-in trust-list root.
ROOT_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
CONTENT_TYPE = "application/ecert-status+cbor"
TRUST_LIST_CONTENT_TYPE = "application/ecert-trust-list+cbor"
FORMAT = "ecert-status/1"
ISSUED_AT = 1795341600  # 2026-11-22T10:00:00Z
QUALIFICATION = {"unused": 0, "valid": 1, "revoked": 2, "forfeited": 3, "replaced": 4, "void": 5}
REGISTRATION = {"none": 0, "registered": 1, "deferred": 2, "failed": 3, "lapsed": 4}
# index -> (qualification, registration). 104729 is the status_index of the credential vector
# eddsa_basic; index 0 is unused (ecert's certificate ids start at 1).
ENTRIES: dict[int, tuple[str, str]] = {
    1: ("valid", "registered"),
    2: ("revoked", "none"),
    3: ("valid", "lapsed"),
    4: ("replaced", "none"),
    5: ("forfeited", "deferred"),
    6: ("valid", "failed"),
    7: ("void", "none"),
    8: ("valid", "none"),
    104729: ("valid", "registered"),
}
# Key 8 of the second positive vector: index -> first credential version still in force (the
# booklets of indexes 1 and 104729 were re-printed; eddsa_basic, version 1, is an old copy).
SUPERSEDED: dict[int, int] = {1: 3, 104729: 2}


def canonical(obj: Any) -> bytes:
    return cbor2.dumps(obj, canonical=True)


def root() -> tuple[Ed25519PrivateKey, bytes, bytes]:
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(ROOT_SEED))
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return private, raw, hashlib.sha256(raw).digest()[:8]


def table(entries: dict[int, tuple[str, str]]) -> bytes:
    out = bytearray(max(entries) + 1)
    for index, (qualification, registration) in entries.items():
        out[index] = QUALIFICATION[qualification] | REGISTRATION[registration] << 3
    return bytes(out)


def body(
    data: bytes,
    *,
    count: int | None = None,
    blob: bytes | None = None,
    superseded: dict[int, Any] | None = None,
) -> dict[int, Any]:
    out: dict[int, Any] = {
        1: FORMAT,
        2: ISSUED_AT,  # version = issue time in epoch seconds
        3: ISSUED_AT,
        4: ISSUED_AT + 3600,  # next_update: one hour
        5: ISSUED_AT + 2 * 86400,  # expires: two days
        6: len(data) if count is None else count,
        7: zlib.compress(data, 9) if blob is None else blob,
    }
    if superseded is not None:
        out[8] = superseded  # optional: written only when some booklet was re-printed
    return out


def sign1(
    payload: bytes, content_type: str = CONTENT_TYPE, signature: bytes | None = None
) -> bytes:
    private, _, kid = root()
    protected = canonical({1: -8, 3: content_type, 4: kid})
    if signature is None:
        signature = private.sign(canonical(["Signature1", protected, b"", payload]))
    return canonical(cbor2.CBORTag(18, [protected, {}, payload, signature]))


def flip_payload_byte(signed: bytes, old: bytes, new: bytes) -> bytes:
    """Replace ``old`` (unique in the payload) by ``new`` of the same length, signature kept."""
    assert signed.count(old) == 1 and len(old) == len(new)
    return signed.replace(old, new)


def negatives(data: bytes, signed: bytes) -> list[dict[str, Any]]:
    payload = canonical(body(data))
    signature = signed[-64:]
    forged = bytearray(data)
    forged[104729] = QUALIFICATION["revoked"]  # an attacker marks the credential revoked
    expires = canonical(ISSUED_AT + 2 * 86400)
    later = canonical(ISSUED_AT + 200 * 86400)
    bomb = zlib.compress(bytes(16 * 1024 * 1024), 9)
    fails, refused = {"outcome": "verify_fails"}, {"outcome": "refused"}
    return [
        {"id": "tampered_byte", "description": "expires moved 198 days later (5 payload bytes "
         "changed in place), original signature kept", "expect": fails,
         "hex": flip_payload_byte(signed, b"\x05" + expires, b"\x05" + later).hex()},
        {"id": "forged_entry", "description": "entry 104729 rewritten to revoked (list "
         "recompressed), original signature kept", "expect": fails,
         "hex": sign1(canonical(body(bytes(forged))), signature=signature).hex()},
        {"id": "decompression_bomb", "description": "count 10, list = zlib of 16 MiB of zeros "
         f"({len(bomb)} bytes), correctly signed", "expect": refused,
         "hex": sign1(canonical(body(data, count=10, blob=bomb))).hex()},
        {"id": "short_list", "description": "count 200000, list inflates to fewer bytes, "
         "correctly signed", "expect": refused,
         "hex": sign1(canonical(body(data, count=200_000))).hex()},
        {"id": "wrong_content_type", "description": f"content type {TRUST_LIST_CONTENT_TYPE} "
         "(a trust list's), same payload, correctly signed by the same root", "expect": refused,
         "hex": sign1(payload, content_type=TRUST_LIST_CONTENT_TYPE).hex()},
        {"id": "unsigned", "description": "the payload map without the COSE_Sign1 envelope",
         "expect": refused, "hex": payload.hex()},
        {"id": "superseded_index_out_of_range", "description": "key 8 names index 104730, past "
         "count (104730 entries: 0..104729), correctly signed", "expect": refused,
         "hex": sign1(canonical(body(data, superseded={104730: 2}))).hex()},
        {"id": "superseded_version_zero", "description": "key 8 gives version 0 (versions "
         "start at 1), correctly signed", "expect": refused,
         "hex": sign1(canonical(body(data, superseded={1: 0}))).hex()},
    ]  # fmt: skip


def check_with_library(document: dict[str, Any]) -> None:
    """Stop if core.statuslist builds other bytes or parses a vector differently."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from datetime import UTC, datetime

    from core.rules import QualificationStatus, RegistrationState
    from core.statuslist import StatusEntry, StatusListError, build_status_list, parse_status_list

    private, _, kid = root()

    class Root:
        algorithm: Literal["EdDSA"] = "EdDSA"

        def __init__(self) -> None:
            self.kid = kid

        def sign(self, data: bytes) -> bytes:
            return private.sign(data)

    positive = document["positive"]

    def at(seconds: int) -> datetime:
        return datetime.fromtimestamp(seconds, UTC)

    entries = {
        int(i): StatusEntry(QualificationStatus(q), RegistrationState(r))
        for i, (q, r) in positive["entries"].items()
    }
    def build(superseded: dict[int, int] | None = None) -> bytes:
        return build_status_list(
            entries,
            version=ISSUED_AT,
            issued_at=at(ISSUED_AT),
            next_update=at(ISSUED_AT + 3600),
            expires=at(ISSUED_AT + 2 * 86400),
            signer=Root(),
            superseded=superseded,
        )

    assert build().hex() == positive["hex"], "core.statuslist builds other bytes"
    reprinted = document["superseded"]
    versions = {int(i): v for i, v in reprinted["superseded"].items()}
    built = build(versions)
    assert built.hex() == reprinted["hex"], "core.statuslist builds other bytes (key 8)"
    assert dict(parse_status_list(built).status.superseded) == versions
    parsed = parse_status_list(bytes.fromhex(positive["hex"]))
    assert all(
        parsed.status.entry(int(i)) == e
        for i, e in zip(positive["entries"], entries.values(), strict=True)
    )
    for vector in document["negative"]:
        data = bytes.fromhex(vector["hex"])
        if vector["expect"]["outcome"] == "refused":
            try:
                parse_status_list(data)
            except StatusListError:
                continue
            raise AssertionError(f"{vector['id']} was accepted")
        assert parse_status_list(data).signature == parsed.signature, vector["id"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    _, public_raw, kid = root()
    data = table(ENTRIES)
    signed = sign1(canonical(body(data)))
    (OUT / "status_list.cose").write_bytes(signed)
    fields = body(data)
    document = {
        "format": "ecert status list ecert-status/1 (docs/FORMAT.md, 'Status list')",
        "generator": "tests/vectors/make_status_vectors.py",
        "root": {
            "algorithm": "EdDSA",
            "private_hex": ROOT_SEED,
            "public_hex": public_raw.hex(),
            "kid_hex": kid.hex(),
        },
        "positive": {
            "id": "status_list",
            "file": "status_list.cose",
            "bytes": len(signed),
            "content_type": CONTENT_TYPE,
            "version": fields[2],
            "issued_at": fields[3],
            "next_update": fields[4],
            "expires": fields[5],
            "count": fields[6],
            "entries": {str(i): list(e) for i, e in ENTRIES.items()},
            "entry_bytes_hex": {str(i): f"{data[i]:02x}" for i in ENTRIES},
            "unused_indexes": [0, 9, 104728, 104730],
            "payload_hex": canonical(fields).hex(),
            "hex": signed.hex(),
        },
        "superseded": {
            "id": "status_list_superseded",
            "description": "the positive list plus key 8: the booklets of indexes 1 and 104729 "
            "were re-printed; credentials of those indexes with a lower version are old copies",
            "superseded": {str(i): v for i, v in SUPERSEDED.items()},
            "payload_hex": canonical(body(data, superseded=SUPERSEDED)).hex(),
            "hex": sign1(canonical(body(data, superseded=SUPERSEDED))).hex(),
        },
        "negative": negatives(data, signed),
    }
    check_with_library(document)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    (OUT / "status_list_v1.json").write_text(text, encoding="utf-8")
    print(f"wrote {OUT / 'status_list_v1.json'}: 2 positive, {len(document['negative'])} negative")


if __name__ == "__main__":
    main()
