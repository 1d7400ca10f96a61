"""Issue 11 item 7: hostile input to every decoder is refused as malformed, never a crash.

The lists here are *validly signed* (by a test root), so the refusal must come from the strict
checks on their content, not from the signature check.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.cose import CoseError, envelope, parse_sign1, protected_header, sig_structure, sign1
from core.credential import CredentialError, decode_claims, from_qr_text, parse_credential
from core.statuslist import CONTENT_TYPE as STATUS_CTY
from core.statuslist import StatusListError, parse_status_list
from keys import TrustListInvalid, compute_kid, load_trust_list
from keys._trustlist import CONTENT_TYPE as TRUST_CTY

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
EPOCH = int(NOW.timestamp())


class _Root:
    """An Ed25519 test key that signs like keys' signers (kid = compute_kid(public key))."""

    algorithm = "EdDSA"

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
        self.public = self._key.public_key().public_bytes_raw()
        self.kid = compute_kid(self.public)

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


ROOT = _Root()


def _valid_payload() -> dict[int, Any]:
    cose = (VECTORS / "credential" / "eddsa_basic.cose").read_bytes()
    return dict(cbor2.loads(parse_credential(cose).payload))


def _signed_credential(payload: bytes) -> bytes:
    protected = protected_header("EdDSA", ROOT.kid)
    return envelope(protected, payload, ROOT.sign(sig_structure(protected, payload)))


# --- claims and credential ------------------------------------------------------------------


@pytest.mark.parametrize("hostile", [
    cbor2.CBORTag(36, "Subject: x\n\nbody"),  # MIME message: cbor2 builds an email object
    cbor2.CBORTag(0, "2026-01-01T00:00:00Z"),  # a datetime
    cbor2.CBORTag(2, b"\x01" * 20),  # a bignum
    cbor2.CBORTag(35, "(a+)+$"),  # a compiled regular expression
    cbor2.CBORTag(258, [1, 2]),  # a set
    cbor2.CBORTag(9999, 1),  # an unknown tag
    1.5, None, True, b"bytes", {1: 2},
])
def test_hostile_claim_value_is_malformed(hostile: Any) -> None:
    payload = _valid_payload()
    payload[2] = hostile
    data = cbor2.dumps(payload)
    with pytest.raises(CredentialError) as info:
        decode_claims(data)
    assert info.value.code == "malformed"
    with pytest.raises(CredentialError) as info:
        parse_credential(_signed_credential(data))
    assert info.value.code == "malformed"


def test_tag_inside_masked_id_array_is_malformed() -> None:
    payload = _valid_payload()
    masked = list(payload[5])
    masked[1] = cbor2.CBORTag(36, "x")
    payload[5] = masked
    with pytest.raises(CredentialError) as info:
        decode_claims(cbor2.dumps(payload))
    assert info.value.code == "malformed"


def test_hostile_envelope_shapes_are_refused() -> None:
    cose = (VECTORS / "credential" / "eddsa_basic.cose").read_bytes()
    parsed = parse_credential(cose)
    for protected in (
        cbor2.dumps({1: [1], 4: parsed.kid}),  # alg an array: unhashable
        cbor2.dumps({1: cbor2.CBORTag(36, "x"), 4: parsed.kid}),
        cbor2.dumps({1: -8, 4: cbor2.CBORTag(2, b"\x01" * 9)}),
    ):
        raw = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, parsed.payload, parsed.signature]))
        with pytest.raises(CredentialError):
            parse_credential(raw)
    nested = cbor2.dumps(cbor2.CBORTag(18, [b"", cbor2.CBORTag(36, "x"), b"", b"\0" * 64]))
    with pytest.raises(CredentialError):
        parse_credential(nested)
    with pytest.raises(CredentialError):
        from_qr_text("HTTPS://X/C/" + "9" * 40)


# --- COSE_Sign1 of the lists ----------------------------------------------------------------


def test_sign1_header_of_hostile_types_is_refused() -> None:
    for header in ({1: [1], 4: b"k"}, {1: -8, 4: b"k", 3: cbor2.CBORTag(36, "x")},
                   {1: {1: 2}, 4: b"k"}, {1: -8, 4: [b"k"]}):
        protected = cbor2.dumps(header)
        raw = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, b"p", b"\0" * 64]))
        with pytest.raises(CoseError):
            parse_sign1(raw, max_bytes=4096)


# --- status list ----------------------------------------------------------------------------


def _status_body(**changes: Any) -> dict[int, Any]:
    body: dict[int, Any] = {1: "ecert-status/1", 2: 3, 3: EPOCH, 4: EPOCH, 5: EPOCH + 86400,
                            6: 2, 7: zlib.compress(b"\x09\x09")}
    for key, value in changes.items():
        body[int(key[1:])] = value
    return body


@pytest.mark.parametrize("changes", [
    {"k2": [1]}, {"k2": 2**64 - 1 + 0 * 1}, {"k2": cbor2.CBORTag(2, b"\xff" * 40)},
    {"k3": 2**63}, {"k3": -(2**63)}, {"k3": 1.5}, {"k3": cbor2.CBORTag(1, 5)},
    {"k6": True}, {"k6": cbor2.CBORTag(36, "x")}, {"k7": "text"},
    {"k8": {cbor2.CBORTag(36, "x"): 1}}, {"k8": {0: [1]}}, {"k8": {0: True}},
    {"k1": cbor2.CBORTag(36, "ecert-status/1")},
])
def test_hostile_signed_status_list_is_malformed(changes: dict[str, Any]) -> None:
    payload = cbor2.dumps(_status_body(**changes))
    data = sign1(payload, ROOT, content_type=STATUS_CTY)
    with pytest.raises(StatusListError):
        parse_status_list(data)


def test_status_list_with_hostile_header_types_is_malformed() -> None:
    payload = cbor2.dumps(_status_body())
    for header in ({1: -8, 4: ROOT.kid, 3: [STATUS_CTY]}, {1: [1], 4: ROOT.kid, 3: STATUS_CTY}):
        protected = cbor2.dumps(header)
        raw = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, b"\0" * 64]))
        with pytest.raises(StatusListError):
            parse_status_list(raw)


# --- trust list -----------------------------------------------------------------------------


def _trust_body(**changes: Any) -> dict[str, Any]:
    pub = bytes(32)
    key = {"kid": compute_kid(pub), "authority": "350500", "alg": "EdDSA", "public_key": pub,
           "valid_from": EPOCH - 86400, "valid_until": None, "status": "active",
           "compromised_at": None}
    body: dict[str, Any] = {"type": "ecert-trust-list", "format": 1, "version": 4,
                            "issued_at": EPOCH, "next_update": EPOCH + 86400,
                            "expires": EPOCH + 7 * 86400, "root_kid": ROOT.kid,
                            "authorities": {"350500": "泉州市教育局"}, "keys": [key]}
    for name, value in changes.items():
        if name.startswith("key_"):
            key[name[4:]] = value
        else:
            body[name] = value
    return body


def _load_trust(body: dict[str, Any]) -> Any:
    data = sign1(cbor2.dumps(body), ROOT, content_type=TRUST_CTY)
    return load_trust_list(data, ROOT.public, now=NOW, grace=timedelta(days=3))


def test_valid_signed_trust_list_loads() -> None:
    assert _load_trust(_trust_body()).version == 4


@pytest.mark.parametrize("changes", [
    {"issued_at": 2**62}, {"issued_at": -(2**62)}, {"expires": 10**18}, {"issued_at": 1.5},
    {"issued_at": cbor2.CBORTag(1, EPOCH)}, {"version": True}, {"version": 2**64 - 1},
    {"version": cbor2.CBORTag(2, b"\x01" * 30)}, {"version": [4]},
    {"authorities": {cbor2.CBORTag(36, "x"): "y"}}, {"authorities": {"350500": [1]}},
    {"authorities": [1, 2]}, {"keys": {"a": 1}}, {"ca": cbor2.CBORTag(36, "x")},
    {"key_alg": ["EdDSA"]}, {"key_alg": {1: 2}}, {"key_valid_from": 2**62},
    {"key_valid_until": -(2**62)}, {"key_compromised_at": 1e300},
    {"key_status": ["active"]}, {"key_authority": cbor2.CBORTag(36, "x")},
    {"type": cbor2.CBORTag(36, "ecert-trust-list")}, {"root_kid": [1]},
])
def test_hostile_signed_trust_list_is_malformed(changes: dict[str, Any]) -> None:
    with pytest.raises(TrustListInvalid) as info:
        _load_trust(_trust_body(**changes))
    assert info.value.code in ("malformed", "wrong_root")
