"""Trust list: rotation, revocation, tampering, wrong root, expiry and the stale grace period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import keys
from keys._crypto import generate_private_key
from keys._trustlist import sign_trust_list

from .conftest import NOW, PASS

GRACE = timedelta(days=3)


def _publish(store: keys.Keystore, *, at=NOW, validity=timedelta(days=7)) -> bytes:
    data, event = keys.publish_trust_list(
        store, passphrase=PASS, custodian="张三", now=at, validity=validity
    )
    assert event.action == "keys.publish_trust_list" and event.custodian == "张三"
    return data


def _load(store: keys.Keystore, data: bytes, *, at=NOW, **kw) -> keys.TrustList:
    return keys.load_trust_list(data, keys.root_public_key(store), now=at, grace=GRACE, **kw)


def test_lists_every_key_with_metadata(store: keys.Keystore) -> None:
    trust = _load(store, _publish(store))
    records = keys.list_keys(store)
    assert set(trust.keys) == {r.kid for r in records}
    for r in records:
        entry = trust.entry(r.kid)
        assert entry is not None
        assert (entry.authority, entry.algorithm, entry.public_key) == (
            r.authority,
            r.algorithm,
            r.public_key,
        )
        assert (entry.valid_from, entry.valid_until, entry.status) == (NOW, None, "active")
        assert trust.authority(r.kid_hex) == r.authority
    assert trust.authorities["350500"] == "泉州市教育局"
    assert trust.version == 1 and trust.issued_at == NOW and not trust.stale
    assert trust.ca_certificate is not None


def test_versions_are_monotonic_and_rollback_refused(store: keys.Keystore) -> None:
    first = _publish(store)
    second = _publish(store, at=NOW + timedelta(hours=1))
    assert _load(store, second, at=NOW + timedelta(hours=1)).version == 2
    with pytest.raises(keys.TrustListInvalid) as info:
        _load(store, first, min_version=2)
    assert info.value.rule == "rollback"


def test_rotation_keeps_earlier_signatures_verifiable(store: keys.Keystore) -> None:
    old = keys.active_signer(store, "350500", passphrase=PASS, published=_publish(store))
    credential, signed_at = b"credential signed before rotation", NOW + timedelta(days=1)
    sig = old.sign(credential)
    rotated_at = NOW + timedelta(days=10)
    keys.rotate_key(store, "350500", custodian="李四", passphrase=PASS, now=rotated_at)
    data = _publish(store, at=rotated_at)
    new = keys.active_signer(store, "350500", passphrase=PASS, published=data)
    trust = _load(store, data, at=rotated_at)
    assert (entry := trust.entry(old.kid)) is not None and entry.status == "retired"
    assert trust.key_status(old.kid, signed_at) == "trusted"
    assert trust.key_status(old.kid) == "trusted"
    public = trust.public_key(old.kid)
    assert public is not None and public.verify(credential, sig)
    assert trust.key_status(new.kid, rotated_at) == "trusted"
    # The retired key did not sign after retirement: the list does not vouch for it then.
    assert trust.key_status(old.kid, rotated_at + timedelta(days=1)) == "unknown_key"


def test_revocation_only_affects_that_key(store: keys.Keystore) -> None:
    listed = _publish(store)
    bad = keys.active_signer(store, "350500", passphrase=PASS, published=listed)
    good = keys.active_signer(store, "410000", passphrase=PASS, published=listed)
    compromised = NOW + timedelta(days=5)
    keys.revoke_key(
        store, bad.kid, custodian="王五", compromised_at=compromised, now=NOW + timedelta(days=6)
    )
    trust = _load(store, _publish(store, at=NOW + timedelta(days=6)), at=NOW + timedelta(days=6))
    # Even a credential claiming to predate the compromise: its signing time proves nothing.
    assert trust.key_status(bad.kid, NOW + timedelta(days=1)) == "key_revoked"
    assert trust.key_status(bad.kid) == "key_revoked"
    assert (entry := trust.entry(bad.kid)) is not None and entry.compromised_at == compromised
    assert trust.key_status(good.kid, NOW + timedelta(days=1)) == "trusted"
    assert trust.key_status(b"\x00" * 8) == "unknown_key"
    assert trust.public_key("00" * 8) is None and trust.authority("zz") is None


def test_signed_at_before_key_existed_is_unknown(store: keys.Keystore) -> None:
    kid = keys.list_keys(store)[0].kid
    trust = _load(store, _publish(store))
    assert trust.key_status(kid, NOW - timedelta(days=1)) == "unknown_key"
    assert trust.key_status(kid, NOW - timedelta(minutes=1)) == "trusted"  # clock skew


def test_expiry_and_grace(store: keys.Keystore) -> None:
    data = _publish(store, validity=timedelta(days=7))
    expires = NOW + timedelta(days=7)
    assert not _load(store, data, at=expires).stale
    stale = _load(store, data, at=expires + timedelta(days=1))
    assert stale.stale and stale.key_status(keys.list_keys(store)[0].kid) == "trusted"
    assert _load(store, data, at=expires + GRACE).stale
    with pytest.raises(keys.TrustListExpired, match="expired"):
        _load(store, data, at=expires + GRACE + timedelta(seconds=1))


def test_issued_in_the_future_refused(store: keys.Keystore) -> None:
    data = _publish(store, at=NOW + timedelta(days=1))
    with pytest.raises(keys.TrustListInvalid) as info:
        _load(store, data)
    assert info.value.rule == "not_yet_valid"


@settings(max_examples=30, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_any_flipped_bit_is_refused(store_data, position: int, bit: int) -> None:
    root, data = store_data
    position %= len(data)
    tampered = bytearray(data)
    tampered[position] ^= 1 << bit
    with pytest.raises((keys.TrustListInvalid, keys.TrustListExpired)):
        keys.load_trust_list(bytes(tampered), root, now=NOW, grace=GRACE)


@pytest.fixture(scope="module")
def store_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    path = tmp_path_factory.mktemp("tl") / "keys"
    keys.init_hierarchy(
        path, passphrase=PASS, authorities=[("350500", "x")], custodian="a", now=NOW
    )
    data, _ = keys.publish_trust_list(path, passphrase=PASS, custodian="a", now=NOW)
    return keys.root_public_key(path), data


def test_payload_tampering_refused(store: keys.Keystore) -> None:
    tag = cbor2.loads(_publish(store))
    protected, unprotected, payload, signature = tag.value
    body = dict(cbor2.loads(payload))
    body["expires"] += 365 * 86400
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(body), signature]))
    with pytest.raises(keys.TrustListInvalid) as info:
        _load(store, forged)
    assert info.value.rule == "bad_signature"


def test_unsigned_refused(store: keys.Keystore) -> None:
    tag = cbor2.loads(_publish(store))
    protected, _, payload, _sig = tag.value
    empty_sig = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, b""]))
    for data, rule in [
        (payload, "unsigned"),
        (empty_sig, "unsigned"),
        (b"", "malformed"),
        (b"\xff\x00garbage", "malformed"),
    ]:
        with pytest.raises(keys.TrustListInvalid) as info:
            _load(store, data)
        assert info.value.rule == rule, data
    not_a_map = cbor2.dumps(cbor2.CBORTag(18, [protected, [], payload, _sig]))
    with pytest.raises(keys.TrustListInvalid) as info:
        _load(store, not_a_map)
    assert info.value.rule == "not_cose_sign1"


def test_other_root_refused(store: keys.Keystore) -> None:
    data = _publish(store)
    other = keys.FileSigner(generate_private_key("EdDSA"))
    with pytest.raises(keys.TrustListInvalid) as info:
        keys.load_trust_list(data, other.public_key, now=NOW, grace=GRACE)
    assert info.value.rule == "wrong_root"
    # A list signed by another key that claims our root's kid still fails the signature.
    body = cbor2.loads(cbor2.loads(data).value[2])

    class Impostor:
        kid = keys.compute_kid(keys.root_public_key(store))
        algorithm: Literal["EdDSA"] = "EdDSA"
        sign = staticmethod(other.sign)

    with pytest.raises(keys.TrustListInvalid) as info:
        _load(store, sign_trust_list(dict(body), Impostor()))
    assert info.value.rule == "bad_signature"


def test_bad_root_key_argument(store: keys.Keystore) -> None:
    with pytest.raises(keys.TrustListInvalid) as info:
        keys.load_trust_list(_publish(store), b"short", now=NOW, grace=GRACE)
    assert info.value.rule == "root_key"


def test_kid_must_match_public_key(store: keys.Keystore) -> None:
    """A root-signed list with an inconsistent entry is refused, not half-trusted."""
    from keys._hierarchy import root_signer

    body = dict(cbor2.loads(cbor2.loads(_publish(store)).value[2]))
    entry = dict(body["keys"][0])
    entry["kid"] = b"\x01" * 8
    body["keys"] = [entry]
    data = sign_trust_list(body, root_signer(store, PASS))
    with pytest.raises(keys.TrustListInvalid) as info:
        _load(store, data)
    assert info.value.rule == "kid_mismatch"


def test_independent_cose_implementation_interoperates(store: keys.Keystore) -> None:
    """A list produced by pycose (another COSE implementation) over the same payload verifies."""
    from cryptography.hazmat.primitives import serialization
    from pycose.algorithms import EdDSA
    from pycose.headers import KID, Algorithm, ContentType
    from pycose.keys.okp import OKPKey
    from pycose.messages.sign1message import Sign1Message

    body = cbor2.loads(cbor2.loads(_publish(store)).value[2])
    root_file = store.path / "root.key.pem"
    private = serialization.load_pem_private_key(root_file.read_bytes(), PASS)
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    root_pub = keys.root_public_key(store)
    msg = Sign1Message(
        phdr={
            Algorithm: EdDSA,
            ContentType: "application/ecert-trust-list+cbor",
            KID: keys.compute_kid(root_pub),
        },
        payload=cbor2.dumps(_thaw(body)),
    )
    msg.key = OKPKey(crv="Ed25519", d=raw, x=root_pub)
    trust = _load(store, msg.encode())
    assert set(trust.keys) == {r.kid for r in keys.list_keys(store)}


def _thaw(value: Any) -> Any:
    """cbor2 6 decodes to tuples/frozendicts; turn them back into plain containers."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    return value
