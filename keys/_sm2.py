"""SM2 signatures and SM3 digests (GB/T 32918.2, GB/T 32905) over Tongsuo via ``tongsuopy``.

Why ``tongsuopy``: it is the maintained Python binding of Tongsuo (the OpenSSL fork of the
Chinese cryptography community), C-backed, and its ``sign`` draws the per-signature nonce inside
the library: a caller can never pass (and so never reuse) one. Its ``EVP_DigestSign`` with SM3
on an SM2 key computes the standard Z value with the default user ID ``1234567812345678``
(GM/T 0009) and returns DER ``SEQUENCE {r, s}``: the signatures every SM2 verifier expects
(tests/keys/test_sm2_interop.py proves it against the pure-Python ``gmssl``). SM3 comes from
``cryptography`` (OpenSSL), so a digest needs no Tongsuo at all.

Private keys are written as encrypted PKCS#8 (``keys._pkcs8``, the same PBES2 as every other
key file), created 0600 and never overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeAlias

from cryptography.hazmat.primitives import hashes as c_hashes
from tongsuopy.crypto import hashes, serialization
from tongsuopy.crypto.asymciphers import ec
from tongsuopy.crypto.exceptions import InvalidSignature, UnsupportedAlgorithm

from keys._crypto import check_permissions, write_encrypted_pkcs8
from keys._errors import UnknownKey, WrongKeyType, WrongPassphrase

__all__ = [
    "SM2_CURVE_OID",
    "SM2_WITH_SM3_OID",
    "Sm2PrivateKey",
    "generate_sm2_key",
    "load_sm2_key",
    "public_spki",
    "sm2_key_from_secret",
    "sm2_sign",
    "sm2_verify",
    "sm3",
    "write_sm2_key",
]

#: GM/T 0006: SM2 signature with SM3, and the SM2 curve (inside id-ecPublicKey SPKIs).
SM2_WITH_SM3_OID = "1.2.156.10197.1.501"
SM2_CURVE_OID = "1.2.156.10197.1.301"
#: A DER SM2 signature is at most 72 bytes; anything much longer is not one.
_MAX_SIGNATURE = 80
_MAX_SPKI = 200

#: ``tongsuopy`` ships no type information: its private key is ``Any`` to mypy.
Sm2PrivateKey: TypeAlias = Any


def sm3(data: bytes) -> bytes:
    """The 32-byte SM3 digest of ``data`` (GB/T 32905)."""
    digest = c_hashes.Hash(c_hashes.SM3())
    digest.update(data)
    return digest.finalize()


def generate_sm2_key() -> Sm2PrivateKey:
    """A fresh SM2 private key (Tongsuo's CSPRNG)."""
    return ec.generate_private_key(ec.SM2())


def sm2_key_from_secret(secret: int) -> Sm2PrivateKey:
    """The SM2 key with private scalar ``secret``: for fixed test vectors only."""
    return ec.derive_private_key(secret, ec.SM2())


def sm2_sign(key: Sm2PrivateKey, data: bytes) -> bytes:
    """Standard SM2 signature over ``data`` (Z with the default ID, SM3): DER SEQUENCE{r, s}."""
    return bytes(key.sign(data, ec.ECDSA(hashes.SM3())))


def public_spki(key: Sm2PrivateKey) -> bytes:
    """DER SubjectPublicKeyInfo (id-ecPublicKey, curve SM2) of ``key``'s public key."""
    return bytes(
        key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


def sm2_verify(spki: bytes, data: bytes, signature: bytes) -> bool:
    """True when ``signature`` (DER) over ``data`` is valid for the SM2 key in ``spki``.

    Any malformed key or signature is simply ``False``: callers turn it into a result.
    """
    if len(signature) > _MAX_SIGNATURE or len(spki) > _MAX_SPKI:
        return False
    try:
        public = serialization.load_der_public_key(spki)
        if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "SM2":
            return False
        public.verify(signature, data, ec.ECDSA(hashes.SM3()))
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    except Exception:  # Tongsuo's internal assertions on garbage input: still "not valid"
        return False
    return True


def write_sm2_key(path: Path, key: Sm2PrivateKey, passphrase: bytes) -> None:
    """Write ``key`` as encrypted PKCS#8 PEM, created 0600 and never overwritten."""
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_encrypted_pkcs8(path, bytes(der), passphrase)


def load_sm2_key(
    path: Path, passphrase: bytes, *, strict_permissions: bool = False
) -> Sm2PrivateKey:
    """Load an encrypted SM2 PKCS#8 key file; clear errors for every way it can be wrong."""
    if not path.is_file():
        raise UnknownKey(f"密钥文件不存在 key file not found: {path}", path=str(path))
    if strict_permissions:
        check_permissions(path)
    data = path.read_bytes()
    if b"ENCRYPTED PRIVATE KEY" not in data:
        raise WrongKeyType(
            f"不是加密私钥文件 {path} is not an encrypted PKCS#8 key file",
            field="key_file",
            rule="key_type",
        )
    try:
        key = serialization.load_pem_private_key(data, passphrase)
    except ValueError:
        raise WrongPassphrase(f"口令错误 wrong passphrase for key file {path}") from None
    except (TypeError, UnsupportedAlgorithm):
        raise WrongKeyType(
            f"无法解析私钥 cannot parse private key {path}", field="key_file", rule="key_type"
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "SM2":
        raise WrongKeyType(
            f"不是 SM2 私钥 {path} does not hold an SM2 key", field="key_file", rule="key_type"
        )
    return key
