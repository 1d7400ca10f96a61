"""The keys subtree of ecert's error tree.

::

    EcertError
     ├── InvalidInput
     │    ├── UnknownAlgorithm         algorithm name is not ed25519/p256 (EdDSA/ES256)
     │    ├── TrustListInvalid         trust list unsigned, tampered with, wrong root or malformed
     │    └── MalformedFile
     │         ├── WrongKeyType        a file that is not the expected kind of key/certificate
     │         └── MalformedManifest   keystore manifest.json cannot be read
     ├── NotFound
     │    ├── UnknownKey               no key with this kid (or no active key for an authority)
     │    └── KeystoreNotInitialised   the keystore directory has no manifest / root / CA
     ├── Conflict
     │    ├── KeyNotUsable             retired or revoked key asked to sign
     │    ├── CertificateExpired       CA or document-signing certificate outside its validity
     │    └── TrustListExpired         trust list past its expiry plus the grace period
     ├── NotAuthenticated
     │    ├── WrongPassphrase          key file cannot be decrypted with this passphrase
     │    └── WrongPin                 token refused the user PIN
     ├── PermissionDenied
     │    ├── InsecureKeyFile          key file readable by group/others (strict mode)
     │    └── PinLocked                token PIN locked after too many attempts
     └── ConfigurationError
          └── TokenUnavailable         PKCS#11 module or token missing

Every class also derives from :class:`KeysError`, so callers can catch the subtree at once.
"""

from __future__ import annotations

from core.errors import (
    ConfigurationError,
    Conflict,
    EcertError,
    InvalidInput,
    MalformedFile,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)

__all__ = [
    "CertificateExpired",
    "InsecureKeyFile",
    "KeyNotUsable",
    "KeysError",
    "KeystoreNotInitialised",
    "MalformedManifest",
    "PinLocked",
    "TokenUnavailable",
    "TrustListExpired",
    "TrustListInvalid",
    "UnknownAlgorithm",
    "UnknownKey",
    "WrongKeyType",
    "WrongPassphrase",
    "WrongPin",
]


class KeysError(EcertError):
    """Marker base of every error raised by ``keys``."""

    code = "keys_error"


class UnknownAlgorithm(KeysError, InvalidInput):
    code = "unknown_algorithm"


class TrustListInvalid(KeysError, InvalidInput):
    code = "trust_list_invalid"


class WrongKeyType(KeysError, MalformedFile):
    code = "wrong_key_type"


class UnknownKey(KeysError, NotFound):
    code = "unknown_kid"


class KeystoreNotInitialised(KeysError, NotFound):
    code = "keystore_not_initialised"


class KeyNotUsable(KeysError, Conflict):
    code = "key_not_active"


class CertificateExpired(KeysError, Conflict):
    code = "certificate_expired"


class TrustListExpired(KeysError, Conflict):
    code = "trust_list_expired"


class WrongPassphrase(KeysError, NotAuthenticated):
    code = "wrong_passphrase"


class WrongPin(KeysError, NotAuthenticated):
    code = "wrong_pin"


class InsecureKeyFile(KeysError, PermissionDenied):
    code = "insecure_key_file"


class PinLocked(KeysError, PermissionDenied):
    code = "pin_locked"


class TokenUnavailable(KeysError, ConfigurationError):
    code = "token_unavailable"


class MalformedManifest(KeysError, MalformedFile):
    code = "malformed_manifest"
