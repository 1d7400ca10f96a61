"""The one error type of the credential format."""

from __future__ import annotations

from typing import Any, Literal

from core.errors import InvalidInput

__all__ = ["CredentialError", "ErrorCode", "oversized"]

#: Machine-readable reasons, stable across releases (see docs/FORMAT.md, "Error codes").
ErrorCode = Literal[
    "malformed",  # not decodable, a rule on a claim broken, or not deterministic CBOR
    "oversized",  # more than MAX_CREDENTIAL_BYTES, refused before parsing
    "wrong_prefix",  # the QR text is not a URL of this verifier (or of any ecert verifier)
    "truncated",  # the CBOR ends early
    "bad_structure",  # decodable CBOR, but not a tagged COSE_Sign1 of the expected shape
    "unsupported_alg",  # the protected header names an algorithm other than EdDSA / ES256
]


def oversized(what: str, size: int, limit: int) -> CredentialError:
    """The error for input larger than its limit (raised before parsing it)."""
    return CredentialError(f"{what}过大 {what} is {size}, limit {limit}", code="oversized")


class CredentialError(InvalidInput):
    """A credential, its claims or its QR text that cannot be accepted; ``code`` says why."""

    code = "malformed"

    def __init__(self, message: str, *, code: ErrorCode, field: str = "credential", **details: Any):
        super().__init__(message, field=field, rule=code, **details)
