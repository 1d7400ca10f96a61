"""ID numbers at rest: a keyed hash for lookup and authenticated encryption for export.

Both keys are derived from ``ECERT_SECRET`` with distinct labels, so neither can stand in for the
other; :func:`derive_key` and :func:`sealer` are how every other purpose (download codes, the
teacher portal's cookies, holders' contacts, staff second factors) gets its own key. Fernet
(cryptography's recipe layer: AES-128-CBC + HMAC-SHA256) keeps raw primitives out of ``core``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from core.errors import ConfigurationError

__all__ = ["IdVault", "derive_key", "sealer", "vault_for"]


def derive_key(secret: str, label: str) -> bytes:
    """The 32-byte key of one purpose (``label``, e.g. ``ecert/holder-code/v1``), derived
    from the app secret: keys of different labels cannot stand in for one another."""
    return hmac.new(secret.encode(), label.encode(), hashlib.sha256).digest()


def sealer(secret: str, label: str) -> Fernet:
    """Authenticated encryption (Fernet) under the key of ``label``."""
    return Fernet(base64.urlsafe_b64encode(derive_key(secret, label)))


@dataclass(frozen=True)
class IdVault:
    """Hashes and encrypts ID numbers with keys derived from one secret."""

    secret: str

    def lookup_hash(self, id_number: str) -> str:
        """Keyed hash (HMAC-SHA256, hex) of a normalised ID number, for equality lookups."""
        key = derive_key(self.secret, "ecert/id-lookup/v1")
        return hmac.new(key, id_number.upper().encode(), hashlib.sha256).hexdigest()

    def _fernet(self) -> Fernet:
        return sealer(self.secret, "ecert/id-encrypt/v1")

    def encrypt(self, id_number: str) -> bytes:
        """Encrypt for storage."""
        return self._fernet().encrypt(id_number.encode())

    def decrypt(self, blob: bytes) -> str:
        """Decrypt a stored number; a wrong secret is a configuration error, not a crash."""
        try:
            return self._fernet().decrypt(blob).decode()
        except InvalidToken as exc:
            raise ConfigurationError(
                "cannot decrypt a stored ID number: ECERT_SECRET differs from the one used "
                "when the record was written",
                code="wrong_secret",
            ) from exc


@lru_cache(maxsize=4)
def vault_for(secret: str) -> IdVault:
    """A cached vault for ``secret``."""
    return IdVault(secret)
