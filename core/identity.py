"""ID numbers at rest: a keyed hash for lookup and authenticated encryption for export.

Both keys are derived from ``ECERT_SECRET`` with distinct labels, so neither can stand in for the
other. Fernet (cryptography's recipe layer: AES-128-CBC + HMAC-SHA256) keeps raw primitives out
of ``core``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from core.errors import ConfigurationError

__all__ = ["IdVault", "vault_for"]


def _derive(secret: str, label: str) -> bytes:
    return hmac.new(secret.encode(), label.encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class IdVault:
    """Hashes and encrypts ID numbers with keys derived from one secret."""

    secret: str

    def lookup_hash(self, id_number: str) -> str:
        """Keyed hash (HMAC-SHA256, hex) of a normalised ID number, for equality lookups."""
        key = _derive(self.secret, "ecert/id-lookup/v1")
        return hmac.new(key, id_number.upper().encode(), hashlib.sha256).hexdigest()

    def _fernet(self) -> Fernet:
        return Fernet(base64.urlsafe_b64encode(_derive(self.secret, "ecert/id-encrypt/v1")))

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
