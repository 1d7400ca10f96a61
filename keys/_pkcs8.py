"""Encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC) with a strong iteration count.

``cryptography``'s ``BestAvailableEncryption`` writes PBKDF2 with only 2048 iterations, cheap to
brute-force if a key file leaks; the format is the same, so OpenSSL and ``cryptography`` read
these files as usual.
"""

from __future__ import annotations

import os

from asn1crypto import algos, core, pem
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

__all__ = ["DEFAULT_KDF_ITERATIONS", "KDF_ITERATIONS", "encrypt_pkcs8", "kdf_iterations"]

#: OWASP (2023) recommendation for PBKDF2-HMAC-SHA256; about 0.15 s per key load.
DEFAULT_KDF_ITERATIONS = 600_000
#: What new key files use; tests may lower it for speed.
KDF_ITERATIONS = DEFAULT_KDF_ITERATIONS


def encrypt_pkcs8(der: bytes, passphrase: bytes, iterations: int | None = None) -> bytes:
    """PEM ``ENCRYPTED PRIVATE KEY`` of an unencrypted PKCS#8 DER ``der``."""
    rounds = iterations or KDF_ITERATIONS
    salt, iv = os.urandom(16), os.urandom(16)
    key = PBKDF2HMAC(hashes.SHA256(), 32, salt, rounds).derive(passphrase)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    data = encryptor.update(padder.update(der) + padder.finalize()) + encryptor.finalize()
    kdf = {
        "algorithm": "pbkdf2",
        "parameters": {
            "salt": algos.Pbkdf2Salt(name="specified", value=core.OctetString(salt)),
            "iteration_count": rounds,
            "prf": {"algorithm": "sha256", "parameters": None},
        },
    }
    info = asn1_keys.EncryptedPrivateKeyInfo(
        {
            "encryption_algorithm": {
                "algorithm": "pbes2",
                "parameters": {
                    "key_derivation_func": kdf,
                    "encryption_scheme": {"algorithm": "aes256_cbc", "parameters": iv},
                },
            },
            "encrypted_data": data,
        }
    )
    armored: bytes = pem.armor("ENCRYPTED PRIVATE KEY", info.dump())
    return armored


def kdf_iterations(pem_data: bytes) -> int:
    """The PBKDF2 iteration count of an encrypted PKCS#8 PEM (for audits and tests)."""
    _, _, der = pem.unarmor(pem_data)
    info = asn1_keys.EncryptedPrivateKeyInfo.load(der)
    params = info["encryption_algorithm"]["parameters"]["key_derivation_func"]["parameters"]
    return int(params["iteration_count"].native)
