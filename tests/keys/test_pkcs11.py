"""The PKCS#11 backend against a SoftHSM2 token made for this test session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pkcs11 import exceptions as p11e

import keys
from core.errors import InvalidInput
from core.signing import Signer
from keys._pkcs11 import (
    Pkcs11Signer,
    _map_error,
    generate_token_key,
    open_session,
    open_token,
    token_public_key,
)

from .conftest import MODULE, NOW, PASS, published


@pytest.fixture(scope="module")
def token_keys(softhsm: keys.TokenConfig) -> dict[str, keys.PublicKey]:
    with open_token(softhsm.module, softhsm.label, softhsm.pin) as session:
        return {a: generate_token_key(session, a, f"test-{a}") for a in ("EdDSA", "ES256")}


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(algorithm=st.sampled_from(["EdDSA", "ES256"]), data=st.binary(max_size=300))
def test_token_sign_verify_round_trip(softhsm, token_keys, algorithm: str, data: bytes) -> None:
    public = token_keys[algorithm]
    with open_token(softhsm.module, softhsm.label, softhsm.pin) as session:
        signer = Pkcs11Signer(session, public.kid, algorithm)  # type: ignore[arg-type]
        assert isinstance(signer, Signer)
        sig = signer.sign(data)
    assert len(sig) == 64 and signer.kid == public.kid
    assert keys.verify(public.raw, algorithm, data, sig)  # type: ignore[arg-type]
    assert not keys.verify(public.raw, algorithm, data + b"!", sig)  # type: ignore[arg-type]


def test_public_key_read_back(softhsm, token_keys) -> None:
    with open_token(softhsm.module, softhsm.label, softhsm.pin) as session:
        for algorithm, public in token_keys.items():
            assert token_public_key(session, public.kid, algorithm) == public
            assert len(public.raw) == (32 if algorithm == "EdDSA" else 33)
        with pytest.raises(keys.UnknownKey):
            Pkcs11Signer(session, b"\x00" * 8, "EdDSA")
        with pytest.raises(keys.WrongKeyType):
            Pkcs11Signer(session, token_keys["EdDSA"].kid, "ES256")


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256"])
def test_lifecycle_on_token(store: keys.Keystore, softhsm: keys.TokenConfig, algorithm) -> None:
    code = f"T{algorithm}"
    events = keys.create_key(
        store,
        code,
        custodian="赵六",
        passphrase=PASS,
        algorithm=algorithm,
        backend="pkcs11",
        token=softhsm,
        now=NOW,
    )
    record = store.load().key(events[0].entity_id)
    assert (record.backend, record.token_label) == ("pkcs11", softhsm.label)
    assert not (store.path / "signing" / f"{record.kid_hex}.key.pem").exists()
    signer = keys.active_signer(store, code, token=softhsm, published=published(store))
    try:
        assert keys.verify(record.public_key, algorithm, b"x", signer.sign(b"x"))
    finally:
        signer.close()  # type: ignore[attr-defined]
    keys.rotate_key(store, code, custodian="赵六", passphrase=PASS, token=softhsm, now=NOW)
    new = store.load().pending_key(code)
    assert new is not None and new.backend == "pkcs11" and new.kid != record.kid
    data, _ = keys.publish_trust_list(store, passphrase=PASS, custodian="a", now=NOW)
    assert store.load().key(new.kid).status == "active"
    trust = keys.load_trust_list(data, keys.root_public_key(store), now=NOW, grace=timedelta(0))
    assert trust.key_status(record.kid, NOW) == "trusted"


def test_pdf_signed_with_token_key(tmp_path, softhsm: keys.TokenConfig) -> None:
    """The document-signing key of a token-backed authority lives on the token too."""
    from datetime import UTC, datetime

    from .test_x509 import sign_and_validate

    now = datetime.now(UTC)  # pyhanko stamps the real time
    path = tmp_path / "k"
    keys.init_hierarchy(path, passphrase=PASS, authorities=[], custodian="a", now=now)
    keys.create_key(
        path,
        "TPDF",
        custodian="a",
        passphrase=PASS,
        algorithm="ES256",
        backend="pkcs11",
        token=softhsm,
        now=now,
    )
    doc = keys.Keystore(path).load().active_document("TPDF")
    assert doc is not None and doc.backend == "pkcs11" and doc.key_file == "" and doc.key_id
    with pytest.raises(InvalidInput):
        keys.pdf_signer(path, "TPDF", now=now)  # token settings needed
    signer = keys.pdf_signer(path, "TPDF", token=softhsm, now=now)
    try:
        status = sign_and_validate(signer, keys.export_ca(path, now=now))
    finally:
        signer.close()  # type: ignore[attr-defined]
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()


def test_wrong_pin(softhsm: keys.TokenConfig) -> None:
    with pytest.raises(keys.WrongPin, match="wrong PIN"):
        open_session(softhsm.module, softhsm.label, "000000")
    with pytest.raises(keys.WrongPin, match="no PIN"):
        open_session(softhsm.module, softhsm.label, "")


def test_missing_token(softhsm: keys.TokenConfig) -> None:
    with pytest.raises(keys.TokenUnavailable, match="not present"):
        open_session(softhsm.module, "no-such-token", softhsm.pin)


def test_missing_module() -> None:
    with pytest.raises(keys.TokenUnavailable, match="module not found"):
        open_session("/nonexistent/libpkcs11.so", "ecert", "1234")


def test_token_key_signer_needs_pin(store: keys.Keystore, softhsm: keys.TokenConfig) -> None:
    keys.create_key(
        store, "TPIN", custodian="a", passphrase=PASS, backend="pkcs11", token=softhsm, now=NOW
    )
    bad = keys.TokenConfig(MODULE, softhsm.label, "999999")
    with pytest.raises(keys.WrongPin):
        keys.active_signer(store, "TPIN", token=bad, published=published(store))


def test_error_mapping() -> None:
    # SoftHSM does not lock PINs, so the locked case is checked on the mapping itself.
    assert isinstance(_map_error(p11e.PinLocked(), "t"), keys.PinLocked)
    assert isinstance(_map_error(p11e.PinIncorrect(), "t"), keys.WrongPin)
    assert isinstance(_map_error(p11e.NoSuchToken(), "t"), keys.TokenUnavailable)
    assert isinstance(_map_error(p11e.DeviceRemoved(), "t"), keys.TokenUnavailable)
    assert isinstance(_map_error(p11e.GeneralError(), "t"), keys.TokenUnavailable)
