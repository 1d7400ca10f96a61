"""kid, sign/verify with the file backend, public-key parsing, key-file refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

import keys
from core.signing import Signer
from keys._crypto import generate_private_key, load_private_key, write_private_key

from .conftest import PASS, TEST_KDF_ITERATIONS

# RFC 8032 §7.1 test 1 public key; kid computed independently with `sha256sum | cut -c1-16`.
RFC8032_PUB = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC8032_KID = "21fe31dfa154a261"
# P-256 generator G (private scalar 1), compressed; kid computed the same way.
P256_G = bytes.fromhex("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
P256_G_KID = "5baff89de7de5c1d"


def test_kid_vectors() -> None:
    assert keys.compute_kid(RFC8032_PUB).hex() == RFC8032_KID
    assert keys.load_public_key(RFC8032_PUB).kid.hex() == RFC8032_KID
    g = ec.derive_private_key(1, ec.SECP256R1()).public_key()
    uncompressed = g.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    # Any encoding of the key gives the kid of the 33-byte compressed point.
    assert keys.load_public_key(uncompressed).raw == P256_G
    assert keys.load_public_key(uncompressed).kid.hex() == P256_G_KID


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256"])
def test_public_key_forms_agree(algorithm: str) -> None:
    signer = keys.FileSigner(generate_private_key(algorithm))  # type: ignore[arg-type]
    pk = keys.load_public_key(signer.public_key, algorithm)  # type: ignore[arg-type]
    assert keys.load_public_key(pk.pem()) == pk
    assert pk.kid == signer.kid and len(signer.kid) == 8
    assert len(pk.raw) == (32 if algorithm == "EdDSA" else 33)


_SIGNERS = {a: keys.FileSigner(generate_private_key(a)) for a in ("EdDSA", "ES256")}


@settings(max_examples=40, deadline=None)
@given(algorithm=st.sampled_from(["EdDSA", "ES256"]), data=st.binary(max_size=512))
def test_file_sign_verify_round_trip(algorithm: str, data: bytes) -> None:
    signer = _SIGNERS[algorithm]
    assert isinstance(signer, Signer)
    sig = signer.sign(data)
    assert len(sig) == 64 and signer.algorithm == algorithm
    assert keys.verify(signer.public_key, signer.algorithm, data, sig)
    assert not keys.verify(signer.public_key, signer.algorithm, data + b"x", sig)
    flipped = bytes([sig[0] ^ 1]) + sig[1:]
    assert not keys.verify(signer.public_key, signer.algorithm, data, flipped)
    assert not keys.verify(signer.public_key, signer.algorithm, data, sig[:-1])
    other = _SIGNERS["ES256" if algorithm == "EdDSA" else "EdDSA"]
    other_key = keys.FileSigner(generate_private_key(algorithm))
    assert not keys.verify(other_key.public_key, algorithm, data, sig)
    with pytest.raises(keys.WrongKeyType):
        keys.verify(other.public_key, algorithm, data, sig)


def test_es256_signature_is_raw_r_s() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    signer = _SIGNERS["ES256"]
    sig = signer.sign(b"cose")
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), signer.public_key)
    pub.verify(der, b"cose", ec.ECDSA(hashes.SHA256()))  # raises if not r||s


@pytest.mark.parametrize("data", [b"", b"\x00" * 31, b"\x05" * 33, b"not a key at all" * 5])
def test_load_public_key_refuses_garbage(data: bytes) -> None:
    with pytest.raises(keys.WrongKeyType) as info:
        keys.load_public_key(data)
    assert info.value.field == "public_key"


def test_parse_algorithm() -> None:
    assert keys.parse_algorithm("ed25519") == "EdDSA"
    assert keys.parse_algorithm("P256") == "ES256"
    with pytest.raises(keys.UnknownAlgorithm) as info:
        keys.parse_algorithm("rsa")
    assert info.value.field == "algorithm"


def test_key_file_is_0600_encrypted_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    key = generate_private_key("EdDSA")
    write_private_key(path, key, PASS)
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in path.read_bytes()
    loaded = load_private_key(path, PASS, strict_permissions=True, expected="EdDSA")
    assert keys.FileSigner(loaded).kid == keys.FileSigner(key).kid
    with pytest.raises(FileExistsError):  # never overwrite a key
        write_private_key(path, key, PASS)


def test_key_files_use_strong_kdf(tmp_path: Path) -> None:
    from keys._pkcs8 import DEFAULT_KDF_ITERATIONS, encrypt_pkcs8, kdf_iterations

    assert DEFAULT_KDF_ITERATIONS >= 600_000
    path = tmp_path / "k.pem"
    write_private_key(path, generate_private_key("EdDSA"), PASS)
    assert kdf_iterations(path.read_bytes()) == TEST_KDF_ITERATIONS  # the module setting is used
    der = generate_private_key("ES256").private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    strong = encrypt_pkcs8(der, PASS, DEFAULT_KDF_ITERATIONS)
    assert kdf_iterations(strong) == DEFAULT_KDF_ITERATIONS
    assert (
        serialization.load_pem_private_key(strong, PASS).private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        == der
    )


def test_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    write_private_key(path, generate_private_key("ES256"), PASS)
    with pytest.raises(keys.WrongPassphrase, match="wrong passphrase"):
        load_private_key(path, b"not it")
    with pytest.raises(keys.WrongPassphrase, match="no passphrase"):
        load_private_key(path, None)


def test_strict_permissions_refuse_group_readable(tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    write_private_key(path, generate_private_key("EdDSA"), PASS)
    os.chmod(path, 0o640)
    with pytest.raises(keys.InsecureKeyFile, match="chmod 600"):
        load_private_key(path, PASS, strict_permissions=True)
    with pytest.raises(keys.InsecureKeyFile):
        keys.load_file_signer(path, PASS, strict_permissions=True)
    assert len(keys.load_file_signer(path, PASS).sign(b"x")) == 64
    load_private_key(path, PASS, strict_permissions=False)  # development tolerates it


def test_strict_refuses_unencrypted_key(tmp_path: Path) -> None:
    path = tmp_path / "plain.pem"
    pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)
    path.chmod(0o600)
    with pytest.raises(keys.InsecureKeyFile, match="not encrypted"):
        load_private_key(path, PASS, strict_permissions=True)


def _rsa_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASS),
    )


@pytest.mark.parametrize(
    "content",
    [
        b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        b"\x00\x01 binary junk",
        b"-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
    ],
)
def test_wrong_key_file_type(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.pem"
    path.write_bytes(content)
    with pytest.raises(keys.WrongKeyType) as info:
        load_private_key(path, PASS)
    assert info.value.field == "key_file"


def test_rsa_key_is_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "rsa.pem"
    path.write_bytes(_rsa_pem())
    with pytest.raises(keys.WrongKeyType, match="Ed25519 or P-256"):
        load_private_key(path, PASS)


def test_expected_algorithm_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "p.pem"
    write_private_key(path, generate_private_key("ES256"), PASS)
    with pytest.raises(keys.WrongKeyType, match="expected EdDSA"):
        load_private_key(path, PASS, expected="EdDSA")


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(keys.UnknownKey, match="not found"):
        load_private_key(tmp_path / "absent.pem", PASS)
