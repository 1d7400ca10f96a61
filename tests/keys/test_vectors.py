"""The published trust-list vector (tests/keys/vectors/trust_list_v1.json): exact bytes,
an independent signature check, expected key statuses and negative cases."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

import keys
from keys._trustlist import sign_trust_list

VECTOR = json.loads((Path(__file__).parent / "vectors" / "trust_list_v1.json").read_text())
DATA = bytes.fromhex(VECTOR["trust_list"])
ROOT = bytes.fromhex(VECTOR["root_public_key"])


def _bytes(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"hex"}:
        return bytes.fromhex(value["hex"])
    if isinstance(value, dict):
        return {k: _bytes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bytes(v) for v in value]
    return value


def _at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def test_producer_reproduces_exact_bytes() -> None:
    root = keys.FileSigner(
        ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTOR["root_private_key"]))
    )
    assert root.public_key == ROOT and root.kid.hex() == VECTOR["root_kid"]
    assert sign_trust_list(_bytes(VECTOR["payload"]), root) == DATA


def test_signature_checks_out_independently() -> None:
    """Rebuild Sig_structure by hand (RFC 9052 §4.4) and verify with cryptography only."""
    tag = cbor2.loads(DATA)
    assert tag.tag == 18
    protected, unprotected, payload, signature = tag.value
    assert dict(cbor2.loads(protected)) == {
        1: -8,
        3: "application/ecert-trust-list+cbor",
        4: bytes.fromhex(VECTOR["root_kid"]),
    }
    assert dict(unprotected) == {}
    to_sign = cbor2.dumps(["Signature1", protected, b"", payload])
    ed25519.Ed25519PublicKey.from_public_bytes(ROOT).verify(signature, to_sign)


def test_expected_results() -> None:
    for check in VECTOR["checks"]:
        now, grace = _at(check["now"]), timedelta(seconds=check["grace_s"])
        if "error" in check:
            with pytest.raises(keys.TrustListExpired) as info:
                keys.load_trust_list(DATA, ROOT, now=now, grace=grace)
            assert info.value.code == check["error"]
            continue
        trust = keys.load_trust_list(DATA, ROOT, now=now, grace=grace)
        assert trust.stale is check["stale"]
        for kid, signed_at, expected in check.get("status", []):
            when = None if signed_at is None else _at(signed_at)
            assert trust.key_status(kid, when) == expected, (kid, signed_at)


def _flip(data: bytes, index: int) -> bytes:
    out = bytearray(data)
    out[index] ^= 0x01
    return bytes(out)


def test_negative_cases() -> None:
    now, grace = _at(VECTOR["checks"][0]["now"]), timedelta(0)
    payload = cbor2.loads(DATA).value[2]
    version_at = DATA.index(b"gversion\x01") + len(b"gversion")
    rfc8032_test2 = bytes.fromhex(VECTOR["payload"]["keys"][0]["public_key"]["hex"])
    cases = {
        "last signature byte flipped": (_flip(DATA, len(DATA) - 1), ROOT),
        "byte in payload flipped (version)": (_flip(DATA, version_at), ROOT),
        "verified with RFC 8032 TEST 2 key as root": (DATA, rfc8032_test2),
        "payload alone, no COSE envelope": (payload, ROOT),
        "truncated by one byte": (DATA[:-1], ROOT),
    }
    for case in VECTOR["negative"]:
        data, root = cases[case["case"]]
        with pytest.raises(keys.TrustListInvalid) as info:
            keys.load_trust_list(data, root, now=now, grace=grace)
        assert info.value.rule == case["rule"], case
