"""Recipes over ``cryptography``: kid, public keys, verify, encrypted key files, the file signer.

Raw hazmat calls stay in this module (and ``_x509``); the rest of ecert sees bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from core.signing import Algorithm
from keys._errors import (
    InsecureKeyFile,
    UnknownAlgorithm,
    UnknownKey,
    WrongKeyType,
    WrongPassphrase,
)
from keys._pkcs8 import encrypt_pkcs8

__all__ = [
    "ALGORITHMS",
    "FileSigner",
    "PrivateKey",
    "PublicKey",
    "compute_kid",
    "generate_private_key",
    "load_file_signer",
    "load_private_key",
    "load_public_key",
    "parse_algorithm",
    "verify",
    "write_private_key",
]

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
#: CLI spelling → COSE name.
ALGORITHMS: dict[str, Algorithm] = {
    "ed25519": "EdDSA",
    "eddsa": "EdDSA",
    "p256": "ES256",
    "p-256": "ES256",
    "es256": "ES256",
}
_COORD = 32  # P-256 coordinate length in bytes


def parse_algorithm(name: str) -> Algorithm:
    """Map ``ed25519``/``p256`` (or the COSE names) to the COSE algorithm name."""
    try:
        return ALGORITHMS[name.strip().lower()]
    except KeyError:
        raise UnknownAlgorithm(
            f"未知算法 unknown algorithm {name!r}: use ed25519 or p256",
            field="algorithm",
            rule="one_of:ed25519,p256",
        ) from None


def compute_kid(raw_public_key: bytes) -> bytes:
    """Key id: the first 8 bytes of SHA-256 over the raw public key (see docs/TRUST_LIST.md)."""
    return hashlib.sha256(raw_public_key).digest()[:8]


@dataclass(frozen=True)
class PublicKey:
    """A verification key in its raw form: Ed25519 32 bytes, P-256 33-byte compressed point."""

    algorithm: Algorithm
    raw: bytes

    @property
    def kid(self) -> bytes:
        return compute_kid(self.raw)

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` (raw, 64 bytes) is valid over ``data``."""
        if len(signature) != 2 * _COORD:
            return False
        key = _crypto_key(self.algorithm, self.raw)
        try:
            if isinstance(key, ed25519.Ed25519PublicKey):
                key.verify(signature, data)
            else:
                r = int.from_bytes(signature[:_COORD], "big")
                s = int.from_bytes(signature[_COORD:], "big")
                key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True

    def pem(self) -> bytes:
        """SubjectPublicKeyInfo PEM, for tools that want it."""
        return _crypto_public(self).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def _crypto_public(key: PublicKey) -> ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey:
    return _crypto_key(key.algorithm, key.raw)


@lru_cache(maxsize=4096)
def _crypto_key(
    algorithm: Algorithm, raw: bytes
) -> ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey:
    """Loaded key objects, cached: a verifier checks many credentials against few keys, and
    loading (a point decompression for P-256) costs as much as a third of a verification."""
    if algorithm == "EdDSA":
        return ed25519.Ed25519PublicKey.from_public_bytes(raw)
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)


def _from_crypto(key: object) -> PublicKey:
    if isinstance(key, ed25519.Ed25519PublicKey):
        return PublicKey("EdDSA", key.public_bytes_raw())
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        raw = key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
        return PublicKey("ES256", raw)
    raise WrongKeyType(
        f"不支持的密钥类型 unsupported key type {type(key).__name__}: need Ed25519 or P-256",
        field="public_key",
        rule="key_type",
    )


def load_public_key(data: bytes, algorithm: Algorithm | None = None) -> PublicKey:
    """Parse a public key: raw (32 Ed25519, 33/65 P-256), DER or PEM SubjectPublicKeyInfo."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = _from_crypto(serialization.load_pem_public_key(data))
        elif len(data) == 32:
            key = PublicKey(
                "EdDSA", ed25519.Ed25519PublicKey.from_public_bytes(data).public_bytes_raw()
            )
        elif len(data) in (33, 65) and data[0] in (2, 3, 4):
            key = _from_crypto(ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data))
        else:
            key = _from_crypto(serialization.load_der_public_key(data))
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise WrongKeyType(
            f"无法解析公钥 cannot parse public key ({len(data)} bytes): {exc}",
            field="public_key",
            rule="key_format",
        ) from None
    if algorithm is not None and key.algorithm != algorithm:
        raise WrongKeyType(
            f"公钥算法不符 public key is {key.algorithm}, expected {algorithm}",
            field="public_key",
            rule="key_type",
        )
    return key


def verify(public_key: bytes, algorithm: Algorithm, data: bytes, signature: bytes) -> bool:
    """True when ``signature`` (raw; ES256 as r||s) over ``data`` is valid for ``public_key``."""
    return _loaded(bytes(public_key), algorithm).verify(data, signature)


@lru_cache(maxsize=4096)
def _loaded(public_key: bytes, algorithm: Algorithm) -> PublicKey:
    return load_public_key(public_key, algorithm)


class FileSigner:
    """:class:`core.signing.Signer` over a private key held in memory (loaded from a file)."""

    __slots__ = ("_algorithm", "_key", "_kid", "_public")

    def __init__(self, private_key: PrivateKey) -> None:
        self._key = private_key
        self._public = _from_crypto(private_key.public_key())
        self._kid = self._public.kid
        self._algorithm: Algorithm = self._public.algorithm

    @property
    def kid(self) -> bytes:
        return self._kid

    @property
    def algorithm(self) -> Algorithm:
        return self._algorithm

    @property
    def public_key(self) -> bytes:
        return self._public.raw

    def sign(self, data: bytes) -> bytes:
        """Raw signature: Ed25519 64 bytes, ES256 r||s 64 bytes."""
        key = self._key
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(_COORD, "big") + s.to_bytes(_COORD, "big")


def generate_private_key(algorithm: Algorithm) -> PrivateKey:
    """A fresh Ed25519 or P-256 private key."""
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1())


def public_of(private_key: PrivateKey) -> PublicKey:
    """The :class:`PublicKey` of a private key."""
    return _from_crypto(private_key.public_key())


def write_private_key(path: Path, key: PrivateKey, passphrase: bytes) -> None:
    """Write ``key`` as encrypted PKCS#8 PEM, created 0600 and never overwritten."""
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_encrypted_pkcs8(path, der, passphrase)


def write_encrypted_pkcs8(path: Path, der: bytes, passphrase: bytes) -> None:
    """Write unencrypted PKCS#8 ``der`` encrypted (keys._pkcs8), 0600, never overwriting."""
    pem = encrypt_pkcs8(der, passphrase)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)


def check_permissions(path: Path) -> None:
    """Refuse a secret file that group or others may read or write."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InsecureKeyFile(
            f"密钥文件权限过宽 key file {path} is accessible by group/others "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 {path}",
            path=str(path),
        )


def load_private_key(
    path: Path,
    passphrase: bytes | None,
    *,
    strict_permissions: bool = False,
    expected: Algorithm | Literal["any"] = "any",
) -> PrivateKey:
    """Load an encrypted PKCS#8 PEM key; clear errors for every way it can be wrong."""
    if not path.is_file():
        raise UnknownKey(f"密钥文件不存在 key file not found: {path}", path=str(path))
    if strict_permissions:
        check_permissions(path)
    data = path.read_bytes()
    encrypted = b"ENCRYPTED PRIVATE KEY" in data
    if not encrypted and b"PRIVATE KEY-----" in data and strict_permissions:
        raise InsecureKeyFile(
            f"密钥文件未加密 key file {path} is not encrypted; production needs encrypted PKCS#8",
            path=str(path),
        )
    key = _parse_private(path, data, passphrase if encrypted else None)
    if expected != "any" and public_of(key).algorithm != expected:
        raise WrongKeyType(
            f"密钥类型不符 {path} holds a {public_of(key).algorithm} key, expected {expected}",
            field="key_file",
            rule="key_type",
        )
    return key


def _parse_private(path: Path, data: bytes, passphrase: bytes | None) -> PrivateKey:
    if b"-----BEGIN" not in data or b"PRIVATE KEY-----" not in data:
        raise WrongKeyType(
            f"不是私钥文件 {path} is not a PEM private key file", field="key_file", rule="key_type"
        )
    if b"ENCRYPTED" in data and not passphrase:
        raise WrongPassphrase(f"需要口令 key file {path} is encrypted and no passphrase was given")
    try:
        key = serialization.load_pem_private_key(data, password=passphrase)
    except (ValueError, TypeError) as exc:
        if passphrase and b"ENCRYPTED" in data:
            raise WrongPassphrase(f"口令错误 wrong passphrase for key file {path}") from None
        raise WrongKeyType(
            f"无法解析私钥 cannot parse private key {path}: {exc}",
            field="key_file",
            rule="key_type",
        ) from None
    except UnsupportedAlgorithm:
        raise WrongKeyType(
            f"不支持的私钥 unsupported private key in {path}", field="key_file", rule="key_type"
        ) from None
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    raise WrongKeyType(
        f"不支持的密钥类型 {path} holds a {type(key).__name__}; need Ed25519 or P-256",
        field="key_file",
        rule="key_type",
    )


def load_file_signer(
    path: Path, passphrase: bytes | None, *, strict_permissions: bool = False
) -> FileSigner:
    """Signer from an encrypted PKCS#8 key file; strict mode refuses group/other access."""
    return FileSigner(load_private_key(path, passphrase, strict_permissions=strict_permissions))
