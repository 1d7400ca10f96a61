"""The credential's COSE_Sign1 (core.cose, the one codec): protected exactly {alg, kid}.

Signing goes through a ``core.signing.Signer``; parsing never verifies (core holds no key code):
the caller checks ``ParsedCredential.signature`` over ``to_be_signed`` with the key of ``kid``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import cbor2

from core.cbor import DECODE_ERRORS, CborInvalid, loads
from core.cose import (
    ALGORITHM_NAMES,
    COSE_ALGORITHMS,
    HDR_ALG,
    HDR_KID,
    SIGNATURE_BYTES,
    TAG_SIGN1,
    envelope,
    protected_header,
    sig_structure,
)
from core.signing import Algorithm, Signer

from ._claims import Claims, decode_claims, encode_claims
from ._errors import CredentialError, oversized

__all__ = [
    "COSE_ALGORITHMS",
    "MAX_CREDENTIAL_BYTES",
    "ParsedCredential",
    "parse_credential",
    "sign_credential",
]

#: Hard ceiling on the tagged COSE_Sign1, checked before any parsing. A v1 credential is ~180 bytes.
MAX_CREDENTIAL_BYTES = 1024
_MAX_KID_BYTES = 32
_MAX_DEPTH = 3


class ParsedCredential(NamedTuple):
    """A structurally valid credential whose signature is still to be checked by the caller.

    (A named tuple: one is built per verification, several times faster than a dataclass.)
    """

    kid: bytes
    algorithm: Algorithm
    claims: Claims
    payload: bytes
    signature: bytes
    to_be_signed: bytes
    raw: bytes


def _structure(message: str) -> CredentialError:
    return CredentialError(message, code="bad_structure")


def sign_credential(claims: Claims, signer: Signer) -> bytes:
    """Claims -> tagged COSE_Sign1 bytes signed by ``signer`` (EdDSA or ES256, raw 64-byte sig)."""
    algorithm, kid = signer.algorithm, bytes(signer.kid)
    if algorithm not in COSE_ALGORITHMS:
        raise CredentialError(f"不支持的算法 unsupported alg {algorithm!r}", code="unsupported_alg")
    if not 1 <= len(kid) <= _MAX_KID_BYTES:
        raise _structure(f"kid 须为1–{_MAX_KID_BYTES}字节 kid must be 1..{_MAX_KID_BYTES} bytes")
    protected, payload = protected_header(algorithm, kid), encode_claims(claims)
    signature = signer.sign(sig_structure(protected, payload))
    if len(signature) != SIGNATURE_BYTES:
        raise _structure(f"签名须为64字节 signer returned {len(signature)} bytes, expected 64")
    # Claims' own limits keep every credential under MAX_CREDENTIAL_BYTES (a test holds this).
    return envelope(protected, payload, signature)


def _load(raw: bytes, top_tag: bool = False) -> Any:
    """Strict CBOR (core.cbor): plain values; a tag only around the whole item if ``top_tag``."""
    try:
        return loads(raw, max_depth=_MAX_DEPTH, top_tag=top_tag, what="credential")
    except CborInvalid as exc:
        if exc.truncated:
            raise CredentialError("凭证不完整 credential CBOR ends early",
                                  code="truncated") from None
        raise CredentialError(f"非有效CBOR not valid CBOR: {exc.message}", code="malformed") \
            from None


def _unpack(raw: bytes) -> tuple[bytes, bytes, bytes]:
    """Tagged COSE_Sign1 -> (protected, payload, signature), refusing any other shape."""
    obj = _load(raw, top_tag=True)
    if not isinstance(obj, cbor2.CBORTag) or obj.tag != TAG_SIGN1:
        raise _structure("不是COSE_Sign1（标签18） not a tagged COSE_Sign1 (CBOR tag 18)")
    value = obj.value
    if not isinstance(value, list | tuple) or len(value) != 4:
        raise _structure("COSE_Sign1 须为4元素数组 must be an array of 4 elements")
    protected, unprotected, payload, signature = value
    if not all(type(part) is bytes for part in (protected, payload, signature)):
        raise _structure("protected、payload、signature 须为字节串 must be byte strings")
    # cbor2 hands containers inside a tag back immutable (frozendict, tuple)
    if not isinstance(unprotected, Mapping) or unprotected:
        raise _structure("非保护头须为空映射 unprotected header must be an empty map")
    if len(signature) != SIGNATURE_BYTES:
        raise _structure(f"签名须为64字节 signature is {len(signature)} bytes, expected 64")
    return protected, payload, signature


def _read_protected(protected: bytes) -> tuple[Algorithm, bytes]:
    header = _load(protected)
    if type(header) is not dict or set(header) != {HDR_ALG, HDR_KID}:
        raise _structure("保护头须恰为 {1: alg, 4: kid} protected header must be exactly {1, 4}")
    alg, kid = header[HDR_ALG], header[HDR_KID]
    if type(kid) is not bytes or not 1 <= len(kid) <= _MAX_KID_BYTES:
        raise _structure(f"kid 须为1–{_MAX_KID_BYTES}字节 kid must be 1..{_MAX_KID_BYTES} bytes")
    if type(alg) is not int or alg not in ALGORITHM_NAMES:
        raise CredentialError(f"不支持的算法 unsupported COSE alg {alg!r}", code="unsupported_alg")
    return ALGORITHM_NAMES[alg], kid


def _bstr_at(raw: bytes, pos: int) -> tuple[int, int] | None:
    """(start, end) of the byte string whose head is at ``pos``, if that head is the shortest."""
    if pos >= len(raw):
        return None
    head = raw[pos]
    if 0x40 <= head < 0x58:
        start, n = pos + 1, head - 0x40
    elif head == 0x58 and pos + 1 < len(raw) and raw[pos + 1] >= 24:
        start, n = pos + 2, raw[pos + 1]
    elif head == 0x59 and pos + 2 < len(raw) and raw[pos + 1]:
        start, n = pos + 3, int.from_bytes(raw[pos + 1 : pos + 3], "big")
    else:
        return None
    return (start, start + n) if start + n <= len(raw) else None


def _split_exact(raw: bytes) -> tuple[Algorithm, bytes, bytes, bytes, bytes] | None:
    """The one deterministic layout, sliced in place: (alg, kid, protected, payload, signature).

    This is the fast path of :func:`parse_credential`; anything else (None) goes through the general
    CBOR parser, which refuses it with a precise reason. Each head is accepted only in its shortest
    form, so what passes here is byte-for-byte what :func:`_envelope` writes.
    """
    if raw[:2] != b"\xd2\x84":
        return None
    prot = _bstr_at(raw, 2)
    if prot is None or raw[prot[1] : prot[1] + 1] != b"\xa0":
        return None
    body = _bstr_at(raw, prot[1] + 1)
    if body is None or raw[body[1] : body[1] + 2] != b"\x58\x40" or body[1] + 66 != len(raw):
        return None
    protected = raw[prot[0] : prot[1]]
    algorithm = ALGORITHM_NAMES.get(0x1F - protected[2]) if len(protected) > 4 else None
    if algorithm is None or protected[:2] != b"\xa2\x01" or protected[3] != HDR_KID:
        return None
    kid_span = _bstr_at(protected, 4)
    if kid_span is None or kid_span[1] != len(protected) or kid_span[0] == kid_span[1] or \
            kid_span[1] - kid_span[0] > _MAX_KID_BYTES:
        return None
    kid = protected[kid_span[0] :]
    return algorithm, kid, protected, raw[body[0] : body[1]], raw[body[1] + 2 :]


def parse_credential(cose: bytes) -> ParsedCredential:
    """Tagged COSE_Sign1 bytes -> ParsedCredential. Does NOT verify the signature."""
    if not isinstance(cose, bytes | bytearray | memoryview):
        raise CredentialError("凭证须为字节串 credential must be bytes", code="malformed")
    if len(cose) > MAX_CREDENTIAL_BYTES:
        raise oversized("凭证 credential bytes", len(cose), MAX_CREDENTIAL_BYTES)
    if not cose:
        raise CredentialError("凭证为空 credential is empty", code="truncated")
    raw = bytes(cose)
    try:  # the one boundary: whatever slips past the checks below is still ``malformed``
        exact = _split_exact(raw)
        if exact is None:
            raise _refusal(raw)
        algorithm, kid, protected, payload, signature = exact
        claims = decode_claims(payload)
    except DECODE_ERRORS as exc:
        raise CredentialError(f"凭证无法解析 credential cannot be decoded ({type(exc).__name__})",
                              code="malformed") from None
    return ParsedCredential(kid, algorithm, claims, payload, signature,
                            sig_structure(protected, payload), raw)


def _refusal(raw: bytes) -> CredentialError:
    """Why ``raw`` is not the one deterministic layout: decoded with cbor2 only to say so."""
    protected, payload, _ = _unpack(raw)
    _read_protected(protected)
    decode_claims(payload)
    return CredentialError("编码不规范 credential is not deterministic CBOR", code="malformed")
