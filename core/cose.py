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

from core.cbor import DECODE_ERRORS, CborInvalid, loads
from core.errors import InvalidInput
from core.signing import Algorithm, Signer

__all__ = ["COSE_ALGORITHMS", "CoseError", "Sign1", "parse_sign1", "sign1"]

COSE_ALGORITHMS: dict[Algorithm, int] = {"EdDSA": -8, "ES256": -7}
_ALG_NAMES: dict[int, Algorithm] = {v: k for k, v in COSE_ALGORITHMS.items()}
_TAG_SIGN1 = 18
_HDR_ALG, _HDR_CTY, _HDR_KID = 1, 3, 4
#: EdDSA (Ed25519) and ES256 (raw r||s) signatures are both 64 bytes
_SIGNATURE_BYTES = 64
_MAX_KID_BYTES = 64
_MAX_CTY_CHARS = 128


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


def _load(data: bytes, what: str, top_tag: bool = False) -> Any:
    """Strict CBOR (core.cbor): plain values; a tag only around the whole item if ``top_tag``."""
    try:
        return loads(data, max_depth=8, top_tag=top_tag, what=what)
    except CborInvalid as exc:
        raise CoseError(f"{what} is not valid CBOR: {exc.message}", rule="malformed") from None


def parse_sign1(data: bytes, *, max_bytes: int) -> Sign1:
    """Bytes → Sign1, refusing anything larger than ``max_bytes`` before parsing."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise CoseError("document must be bytes", rule="malformed")
    if len(data) > max_bytes:
        raise CoseError(f"document is {len(data)} bytes, limit {max_bytes}", rule="oversized")
    try:  # the one boundary: whatever slips past the checks below is still ``malformed``
        return _parse(bytes(data))
    except DECODE_ERRORS as exc:
        raise CoseError(f"document cannot be decoded ({type(exc).__name__})",
                        rule="malformed") from None


def _parse(data: bytes) -> Sign1:
    obj = _load(data, "document", top_tag=True)
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
    algorithm, kid, cty = _read_header(_load(protected, "protected header"))
    return Sign1(algorithm=algorithm, kid=kid, content_type=cty, payload=payload,
                 to_be_signed=_to_be_signed(protected, payload), signature=signature)


def _read_header(header: Any) -> tuple[Algorithm, bytes, str | None]:
    """{1: alg, 4: kid[, 3: content type]}, each of its exact type, else refused."""
    if type(header) is not dict:
        raise CoseError("protected header must be a map", rule="algorithm")
    alg, kid, cty = header.get(_HDR_ALG), header.get(_HDR_KID), header.get(_HDR_CTY)
    if type(alg) is not int or alg not in _ALG_NAMES \
            or type(kid) is not bytes or not 1 <= len(kid) <= _MAX_KID_BYTES:
        raise CoseError("protected header needs alg (EdDSA/ES256) and kid", rule="algorithm")
    if cty is not None and (type(cty) is not str or len(cty) > _MAX_CTY_CHARS):
        raise CoseError("content type (header 3) must be short text", rule="not_cose_sign1")
    return _ALG_NAMES[alg], kid, cty
