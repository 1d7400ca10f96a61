"""Generic COSE_Sign1 (RFC 9052 §4.2) for the signed lists (trust list, status list).

The credential keeps its own fixed-shape encoder (core.credential) for speed and byte-exact test
vectors; the lists are larger, rarer documents and use this general one. Parsing never verifies:
the caller checks ``signature`` over ``to_be_signed`` with ``keys.verify``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

from core.errors import InvalidInput
from core.signing import Algorithm, Signer

__all__ = ["COSE_ALGORITHMS", "CoseError", "Sign1", "parse_sign1", "sign1"]

COSE_ALGORITHMS: dict[Algorithm, int] = {"EdDSA": -8, "ES256": -7}
_ALG_NAMES: dict[int, Algorithm] = {v: k for k, v in COSE_ALGORITHMS.items()}
_TAG_SIGN1 = 18
_HDR_ALG, _HDR_CTY, _HDR_KID = 1, 3, 4
#: EdDSA (Ed25519) and ES256 (raw r||s) signatures are both 64 bytes
_SIGNATURE_BYTES = 64


class CoseError(InvalidInput):
    """Not a well-formed COSE_Sign1; ``rule`` says why."""

    code = "cose_invalid"


@dataclass(frozen=True)
class Sign1:
    """A parsed, not yet verified, COSE_Sign1."""

    algorithm: Algorithm
    kid: bytes
    content_type: str | None
    payload: bytes
    to_be_signed: bytes
    signature: bytes


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload], canonical=True)


def sign1(payload: bytes, signer: Signer, *, content_type: str | None = None) -> bytes:
    """Tagged COSE_Sign1 over ``payload`` with {alg, kid[, content type]} protected."""
    header: dict[int, Any] = {_HDR_ALG: COSE_ALGORITHMS[signer.algorithm],
                              _HDR_KID: bytes(signer.kid)}
    if content_type:
        header[_HDR_CTY] = content_type
    protected = cbor2.dumps(header, canonical=True)
    signature = signer.sign(_to_be_signed(protected, payload))
    return cbor2.dumps(cbor2.CBORTag(_TAG_SIGN1, [protected, {}, payload, signature]),
                       canonical=True)


def _load(data: bytes, what: str) -> Any:
    try:
        return cbor2.loads(data, max_depth=8, allow_indefinite=False)
    except (cbor2.CBORError, ValueError, TypeError, RecursionError, OverflowError):
        raise CoseError(f"{what} is not valid CBOR", rule="malformed") from None


def parse_sign1(data: bytes, *, max_bytes: int) -> Sign1:
    """Bytes → Sign1, refusing anything larger than ``max_bytes`` before parsing."""
    if len(data) > max_bytes:
        raise CoseError(f"document is {len(data)} bytes, limit {max_bytes}", rule="oversized")
    obj = _load(data, "document")
    if not isinstance(obj, cbor2.CBORTag):
        raise CoseError("not a signed document (no COSE_Sign1 tag)", rule="unsigned")
    parts = obj.value
    if obj.tag != _TAG_SIGN1 or not isinstance(parts, list | tuple) or len(parts) != 4:
        raise CoseError(f"CBOR tag {obj.tag} is not a COSE_Sign1 array of 4",
                        rule="not_cose_sign1")
    protected, unprotected, payload, signature = parts
    if not isinstance(unprotected, Mapping) or unprotected or not all(
            type(x) is bytes for x in (protected, payload, signature)):
        raise CoseError("COSE_Sign1 parts have the wrong types (or a non-empty unprotected "
                        "header)", rule="not_cose_sign1")
    if not signature:
        raise CoseError("the signature is empty", rule="unsigned")
    if len(signature) != _SIGNATURE_BYTES:
        raise CoseError(f"signature is {len(signature)} bytes, expected {_SIGNATURE_BYTES}",
                        rule="not_cose_sign1")
    header = _load(protected, "protected header")
    if not isinstance(header, Mapping) or header.get(_HDR_ALG) not in _ALG_NAMES \
            or type(header.get(_HDR_KID)) is not bytes:
        raise CoseError("protected header needs alg (EdDSA/ES256) and kid", rule="algorithm")
    cty = header.get(_HDR_CTY)
    return Sign1(algorithm=_ALG_NAMES[header[_HDR_ALG]], kid=header[_HDR_KID],
                 content_type=cty if isinstance(cty, str) else None, payload=payload,
                 to_be_signed=_to_be_signed(protected, payload), signature=signature)
