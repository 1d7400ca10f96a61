"""SM2/SM3 primitives: known answers, negative vectors, gmssl interop both ways, key files, certs.

Provenance of the vectors:
- SM3("abc") and SM3("abcd" * 16): the two examples of GB/T 32905-2016 Annex A.
- The SM2 key (d = 3945208F…C5B8, its public point 09F9DF31…/CCEA490C…) and the signature
  (r = F5A03B06…20B3, s = B1B6AA29…C1AA) over "message digest" with the default user ID
  1234567812345678: the sample for the recommended curve published with GM/T 0003 and
  reproduced in SM2 libraries' tests. It verifies with Tongsuo and with the pure-Python gmssl,
  two independent implementations, which is what this file relies on.
"""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import algos
from gmssl import func, sm2

import keys
from keys._sm2 import (
    generate_sm2_key,
    load_sm2_key,
    public_spki,
    sm2_key_from_secret,
    sm2_sign,
    write_sm2_key,
)
from keys._sm2x509 import issue_sm2_certificate, parse_sm2_certificate, sm2_name
from tests.interop.ofd_check import gmssl_sm2

SECRET = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
PUBLIC_XY = bytes.fromhex(
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
)
MESSAGE = b"message digest"
R = 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3
S = 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA
SIGNATURE = algos.DSASignature({"r": R, "s": S}).dump()


@pytest.fixture(scope="module")
def key():  # type: ignore[no-untyped-def]
    return sm2_key_from_secret(SECRET)


def _gmssl(public_xy: bytes) -> sm2.CryptSM2:
    return gmssl_sm2(public_xy.hex())


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def test_sm3_known_answers() -> None:
    assert keys.sm3(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert keys.sm3(b"abcd" * 16).hex() == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def test_fixed_key_has_the_published_public_point(key) -> None:  # type: ignore[no-untyped-def]
    assert public_spki(key)[-65:] == b"\x04" + PUBLIC_XY


def test_published_signature_verifies(key) -> None:  # type: ignore[no-untyped-def]
    assert keys.sm2_verify(public_spki(key), MESSAGE, SIGNATURE)
    assert _gmssl(PUBLIC_XY).verify_with_sm3(SIGNATURE.hex(), MESSAGE)


@pytest.mark.parametrize(
    "case",
    ["flipped_bit", "wrong_key", "truncated", "wrong_data", "empty", "raw_rs", "s_plus_n"],
)
def test_negative_vectors(key, case: str) -> None:  # type: ignore[no-untyped-def]
    spki, data, sig = public_spki(key), MESSAGE, SIGNATURE
    if case == "flipped_bit":
        sig = _flip(sig, len(sig) - 5)
    elif case == "wrong_key":
        spki = public_spki(generate_sm2_key())
    elif case == "truncated":
        sig = sig[:-1]
    elif case == "wrong_data":
        data = b"message digesT"
    elif case == "empty":
        sig = b""
    elif case == "raw_rs":  # r||s without the DER wrapper is not a standard SM2 signature
        sig = R.to_bytes(32, "big") + S.to_bytes(32, "big")
    else:  # a malleated s (s + n) must not verify
        n = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
        sig = algos.DSASignature({"r": R, "s": S + n}).dump()
    assert not keys.sm2_verify(spki, data, sig)


def test_garbage_key_is_not_an_exception() -> None:
    assert not keys.sm2_verify(b"\x30\x03\x02\x01\x00", MESSAGE, SIGNATURE)
    assert not keys.sm2_verify(b"", MESSAGE, SIGNATURE)


def test_gmssl_verifies_ours_and_rejects_tampered_data(key) -> None:  # type: ignore[no-untyped-def]
    signature = sm2_sign(key, b"\xe6\x95\x99\xe5\xb8\x88 data")
    assert _gmssl(PUBLIC_XY).verify_with_sm3(signature.hex(), b"\xe6\x95\x99\xe5\xb8\x88 data")
    assert not _gmssl(PUBLIC_XY).verify_with_sm3(signature.hex(), b"\xe6\x95\x99\xe5\xb8\x88 dat4")


def test_we_verify_gmssl_signatures(key) -> None:  # type: ignore[no-untyped-def]
    signer = gmssl_sm2(PUBLIC_XY.hex(), private_key=f"{SECRET:064x}")
    signature = bytes.fromhex(signer.sign_with_sm3(b"payload", func.random_hex(64)))
    assert keys.sm2_verify(public_spki(key), b"payload", signature)
    assert not keys.sm2_verify(public_spki(key), b"payloaD", signature)


def test_nonce_is_fresh_each_time(key) -> None:  # type: ignore[no-untyped-def]
    first, second = sm2_sign(key, MESSAGE), sm2_sign(key, MESSAGE)
    assert first != second
    assert keys.sm2_verify(public_spki(key), MESSAGE, first)
    assert keys.sm2_verify(public_spki(key), MESSAGE, second)


def test_key_file_is_encrypted_private_and_never_overwritten(tmp_path: Path, key) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sm2" / "k.key.pem"
    write_sm2_key(path, key, b"pass phrase")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in path.read_bytes()
    assert f"{SECRET:x}".encode() not in path.read_bytes()
    loaded = load_sm2_key(path, b"pass phrase")
    assert public_spki(loaded) == public_spki(key)
    with pytest.raises(keys.WrongPassphrase):
        load_sm2_key(path, b"wrong")
    with pytest.raises(FileExistsError):
        write_sm2_key(path, key, b"pass phrase")
    path.chmod(0o644)
    with pytest.raises(keys.InsecureKeyFile):
        load_sm2_key(path, b"pass phrase", strict_permissions=True)


def test_certificate_uses_the_sm2_oids_and_gmssl_verifies_it(key) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 3, 1, tzinfo=UTC)
    name, spki = sm2_name("测试 CA", "ecert"), public_spki(key)
    der = issue_sm2_certificate(
        issuer_key=key, issuer_name=name, issuer_spki=spki, subject_name=name,
        subject_spki=spki, not_before=now, not_after=now + timedelta(days=10), ca=True)
    assert bytes.fromhex("06082a811ccf55018375") in der  # 1.2.156.10197.1.501
    assert bytes.fromhex("06082a811ccf5501822d") in der  # 1.2.156.10197.1.301
    assert bytes.fromhex("06072a8648ce3d0201") in der  # 1.2.840.10045.2.1
    cert = parse_sm2_certificate(der)
    assert cert.is_ca and cert.signed_by(cert) and cert.subject_cn == "测试 CA"
    assert _gmssl(PUBLIC_XY).verify_with_sm3(cert.signature.hex(), cert.tbs)
    assert not cert.valid_at(now + timedelta(days=11))
    with pytest.raises(keys.WrongKeyType):
        parse_sm2_certificate(der[:-10])


def test_gmssl_checks_a_key_whose_x_starts_with_04() -> None:
    # gmssl's CryptSM2 strips a "04" prefix with str.lstrip("04"): for this key (x = 04 04 55…)
    # it ate "0404" and checked another point, failing one run in a few hundred at random
    key = sm2_key_from_secret(307)
    xy = public_spki(key)[-64:]
    assert xy.hex().startswith("0404")
    signature = sm2_sign(key, b"payload").hex()
    assert gmssl_sm2(xy.hex()).verify_with_sm3(signature, b"payload")
    with pytest.raises(Exception):  # noqa: B017 -- gmssl's own failure on the mangled key
        assert sm2.CryptSM2(None, xy.hex(), asn1=True).verify_with_sm3(signature, b"payload")
