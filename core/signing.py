"""The signing interface that ``keys`` implements and ``core``'s credential format consumes.

Kept here (not in ``keys``) so the wire format in ``core`` can take a signer without importing
``keys``; see ARCHITECTURE.md's dependency direction.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

__all__ = ["Algorithm", "Signer"]

#: COSE algorithm names used by ecert: EdDSA (Ed25519, COSE -8) and ES256 (ECDSA P-256, COSE -7).
Algorithm = Literal["EdDSA", "ES256"]


@runtime_checkable
class Signer(Protocol):
    """Something that signs bytes with one key; private material never leaves it."""

    @property
    def kid(self) -> bytes:
        """Short key id derived from the public key."""
        ...

    @property
    def algorithm(self) -> Algorithm:
        """COSE algorithm name."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Return the raw signature over ``data`` (64 bytes for both EdDSA and ES256 raw r||s)."""
        ...
