"""The one COSE_Sign1 codec (RFC 9052 §4.2): tag 18, a protected header, no unprotected one.

Encoding is written directly, head by head in its shortest form, so it is the one deterministic
encoding by construction and fast enough for the credential (core.credential signs and slices
its fixed shape with these same functions). :func:`sign1` and :func:`parse_sign1` are the
general form for the signed lists (trust list, status list), whose header may carry a content
type. Parsing never verifies: the caller checks ``signature`` over ``to_be_signed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

from core.cbor import DECODE_ERRORS, CborInvalid, loads
from core.errors import InvalidInput
from core.signing import Algorithm, Signer

__all__ = [
    "ALGORITHM_NAMES",
    "COSE_ALGORITHMS",
    "HDR_ALG",
    "HDR_KID",
    "SIGNATURE_BYTES",
    "TAG_SIGN1",
    "CoseError",
    "Sign1",
    "bstr",
    "envelope",
    "parse_sign1",
    "protected_header",
    "sig_structure",
    "sign1",
]

#: COSE algorithm identifiers (IANA "COSE Algorithms").
COSE_ALGORITHMS: dict[Algorithm, int] = {"EdDSA": -8, "ES256": -7}
ALGORITHM_NAMES: dict[int, Algorithm] = {v: k for k, v in COSE_ALGORITHMS.items()}
TAG_SIGN1 = 18
HDR_ALG, HDR_KID = 1, 4
_HDR_CTY = 3
#: EdDSA (Ed25519) and ES256 (raw r||s) signatures are both 64 bytes
SIGNATURE_BYTES = 64
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


def bstr(data: bytes) -> bytes:
    """A CBOR byte string, its head in the shortest form."""
    n = len(data)
    if n < 24:
        return bytes((0x40 | n,)) + data
    if n < 256:
        return bytes((0x58, n)) + data
    if n < 65536:
        return b"\x59" + n.to_bytes(2, "big") + data
    return b"\x5a" + n.to_bytes(4, "big") + data


def protected_header(algorithm: Algorithm, kid: bytes) -> bytes:
    """{1: alg, 4: kid}: map(2), key 1, alg as a negative int (-8 -> 0x27), key 4, bstr kid."""
    return bytes((0xA2, 0x01, 0x1F - COSE_ALGORITHMS[algorithm], 0x04)) + bstr(kid)


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """["Signature1", protected, external_aad = h'', payload] (RFC 9052 §4.4)."""
    return b"\x84\x6aSignature1" + bstr(protected) + b"\x40" + bstr(payload)


def envelope(protected: bytes, payload: bytes, signature: bytes) -> bytes:
    """18([protected, {}, payload, signature])."""
    return b"\xd2\x84" + bstr(protected) + b"\xa0" + bstr(payload) + bstr(signature)


def sign1(payload: bytes, signer: Signer, *, content_type: str | None = None) -> bytes:
    """Tagged COSE_Sign1 over ``payload`` with {alg, kid[, content type]} protected."""
    if content_type:
        protected = cbor2.dumps({HDR_ALG: COSE_ALGORITHMS[signer.algorithm],
                                 _HDR_CTY: content_type, HDR_KID: bytes(signer.kid)},
                                canonical=True)
    else:
        protected = protected_header(signer.algorithm, bytes(signer.kid))
    return envelope(protected, payload, signer.sign(sig_structure(protected, payload)))


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
    if obj.tag != TAG_SIGN1 or not isinstance(parts, list | tuple) or len(parts) != 4:
        raise CoseError(f"CBOR tag {obj.tag} is not a COSE_Sign1 array of 4",
                        rule="not_cose_sign1")
    protected, unprotected, payload, signature = parts
    if not isinstance(unprotected, Mapping) or unprotected or not all(
            type(x) is bytes for x in (protected, payload, signature)):
        raise CoseError("COSE_Sign1 parts have the wrong types (or a non-empty unprotected "
                        "header)", rule="not_cose_sign1")
    if not signature:
        raise CoseError("the signature is empty", rule="unsigned")
    if len(signature) != SIGNATURE_BYTES:
        raise CoseError(f"signature is {len(signature)} bytes, expected {SIGNATURE_BYTES}",
                        rule="not_cose_sign1")
    algorithm, kid, cty = _read_header(_load(protected, "protected header"))
    return Sign1(algorithm=algorithm, kid=kid, content_type=cty, payload=payload,
                 to_be_signed=sig_structure(protected, payload), signature=signature)


def _read_header(header: Any) -> tuple[Algorithm, bytes, str | None]:
    """{1: alg, 4: kid[, 3: content type]}, each of its exact type, else refused."""
    if type(header) is not dict:
        raise CoseError("protected header must be a map", rule="algorithm")
    alg, kid, cty = header.get(HDR_ALG), header.get(HDR_KID), header.get(_HDR_CTY)
    if type(alg) is not int or alg not in ALGORITHM_NAMES \
            or type(kid) is not bytes or not 1 <= len(kid) <= _MAX_KID_BYTES:
        raise CoseError("protected header needs alg (EdDSA/ES256) and kid", rule="algorithm")
    if cty is not None and (type(cty) is not str or len(cty) > _MAX_CTY_CHARS):
        raise CoseError("content type (header 3) must be short text", rule="not_cose_sign1")
    return ALGORITHM_NAMES[alg], kid, cty
