"""The signed status list: qualification status and registration state of every credential,
for offline and cacheable verification (docs/FORMAT.md, "Status list").

Shape follows the IETF OAuth Token Status List: each credential carries a ``status_index``; the
list is one byte per index, zlib-compressed, so a verifier downloads the whole list and the
server never learns which certificate was asked about. Byte = qualification code (bits 0–2) |
registration code << 3 (bits 3–5). The list is CBOR in a COSE_Sign1 (tag 18) signed by the trust
root; like the trust list it has ``expires`` and verifiers allow a grace period, flagged stale.

Decompression is bounded: the declared entry count caps the output, and more data is refused.

Optionally (key 8), the list names the certificates whose booklet was re-printed under the same
number (补发/换发): index → the first credential version still in force, so an older copy is
known superseded offline too.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import cbor2

from core.cbor import DECODE_ERRORS, CborInvalid, loads, uint
from core.cose import CoseError, parse_sign1, sign1
from core.errors import InvalidInput
from core.rules import QualificationStatus, RegistrationState
from core.signing import Signer

__all__ = [
    "MAX_ENTRIES",
    "MAX_STATUS_LIST_BYTES",
    "ParsedStatusList",
    "StatusEntry",
    "StatusList",
    "StatusListError",
    "build_status_list",
    "parse_status_list",
]

FORMAT = "ecert-status/1"
CONTENT_TYPE = "application/ecert-status+cbor"
MAX_STATUS_LIST_BYTES = 4 * 1024 * 1024
MAX_ENTRIES = 50_000_000
QUALIFICATION_CODES: dict[QualificationStatus, int] = {
    QualificationStatus.VALID: 1, QualificationStatus.REVOKED: 2,
    QualificationStatus.FORFEITED: 3, QualificationStatus.REPLACED: 4,
    QualificationStatus.VOID: 5,
}
REGISTRATION_CODES: dict[RegistrationState, int] = {
    RegistrationState.NONE: 0, RegistrationState.REGISTERED: 1, RegistrationState.DEFERRED: 2,
    RegistrationState.FAILED: 3, RegistrationState.LAPSED: 4,
}
_QUAL_BY_CODE = {v: k for k, v in QUALIFICATION_CODES.items()}
_REG_BY_CODE = {v: k for k, v in REGISTRATION_CODES.items()}
# payload keys
_K_FORMAT, _K_VERSION, _K_ISSUED, _K_NEXT, _K_EXPIRES, _K_COUNT, _K_LIST = range(1, 8)
_K_SUPERSEDED = 8  # optional
_UINT32 = 2**32


class StatusListError(InvalidInput):
    """A status list that is malformed, oversized or a decompression bomb."""

    code = "status_list_invalid"


@dataclass(frozen=True)
class StatusEntry:
    """One credential's state in the list."""

    qualification: QualificationStatus
    registration: RegistrationState


@dataclass(frozen=True)
class StatusList:
    """The decoded list; ``entry(i)`` is None where no credential has index ``i``."""

    version: int
    issued_at: datetime
    next_update: datetime
    expires: datetime
    data: bytes
    #: index → the first credential version still in force (re-printed booklets only)
    superseded: Mapping[int, int] = field(default_factory=dict)

    def first_version(self, index: int) -> int:
        """The lowest credential version of ``index`` still in force (0: every version is)."""
        return self.superseded.get(index, 0)

    def entry(self, index: int) -> StatusEntry | None:
        """The state at ``index``, or None when the index is outside or unused."""
        if not 0 <= index < len(self.data):
            return None
        return self.entry_from_byte(self.data[index])

    @staticmethod
    def entry_from_byte(byte: int) -> StatusEntry | None:
        """Decode one entry byte; None for an unused (or undefined) code."""
        qual = _QUAL_BY_CODE.get(byte & 0x07)
        reg = _REG_BY_CODE.get((byte >> 3) & 0x07)
        if qual is None or reg is None:
            return None
        return StatusEntry(qual, reg)


@dataclass(frozen=True)
class ParsedStatusList:
    """A structurally valid list; the caller verifies ``signature`` over ``to_be_signed``."""

    kid: bytes
    algorithm: str
    to_be_signed: bytes
    signature: bytes
    status: StatusList


def _epoch(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())


def build_status_list(
    entries: Mapping[int, StatusEntry], *, version: int, issued_at: datetime,
    next_update: datetime, expires: datetime, signer: Signer,
    superseded: Mapping[int, int] | None = None,
) -> bytes:
    """Encode and sign the list; ``entries`` maps status index → state, and ``superseded`` the
    indexes of re-printed booklets → the first credential version still in force."""
    if any(index < 0 for index in entries):
        raise StatusListError("status indexes are unsigned", rule="status_index_negative")
    if not 0 <= version < _UINT32:
        raise StatusListError("version must be in 0..2^32-1", rule="status_list_version")
    if not issued_at <= next_update <= expires:
        raise StatusListError("need issued_at <= next_update <= expires",
                              rule="status_list_times")
    count = max(entries, default=-1) + 1
    if count > MAX_ENTRIES:
        raise StatusListError(f"too many entries ({count})", rule="status_list_too_large")
    table = bytearray(count)
    for index, entry in entries.items():
        table[index] = QUALIFICATION_CODES[entry.qualification] | (
            REGISTRATION_CODES[entry.registration] << 3)
    body: dict[int, object] = {
        _K_FORMAT: FORMAT, _K_VERSION: version, _K_ISSUED: _epoch(issued_at),
        _K_NEXT: _epoch(next_update), _K_EXPIRES: _epoch(expires), _K_COUNT: count,
        _K_LIST: zlib.compress(bytes(table), 9),
    }
    if superseded:  # written only when some booklet was re-printed (older readers ignore it)
        _check_superseded(superseded, count)
        body[_K_SUPERSEDED] = dict(superseded)
    payload = cbor2.dumps(body, canonical=True)
    return sign1(payload, signer, content_type=CONTENT_TYPE)


def _bad(message: str) -> StatusListError:
    return StatusListError(f"状态列表无效 invalid status list: {message}",
                           rule="status_list_invalid")


def _decode(data: bytes) -> object:
    try:  # strict: no tags, plain values only (core.cbor)
        return loads(data, max_depth=4, what="status list payload")
    except CborInvalid as exc:
        raise _bad(exc.message) from None


def _inflate(blob: bytes, count: int) -> bytes:
    """Decompress at most ``count`` bytes; anything beyond is a bomb or a lie."""
    inflater = zlib.decompressobj()
    try:  # max_length 0 would mean "unlimited" to zlib, hence at least 1
        out = inflater.decompress(blob, max(count, 1))
    except zlib.error as exc:
        raise _bad(f"list is not zlib data ({exc})") from None
    if len(out) != count or inflater.unconsumed_tail or not inflater.eof \
            or inflater.unused_data:
        raise _bad("list length differs from its declared count (decompression refused)")
    return out


def _check_superseded(superseded: object, count: int) -> dict[int, int]:
    """Key 8: a map of listed indexes to versions 1..2^32-1, at most one per entry."""
    if type(superseded) is not dict or len(superseded) > count:
        raise _bad("superseded (key 8) must be a map with at most one entry per index")
    for index, version in superseded.items():
        if type(index) is not int or not 0 <= index < count:
            raise _bad(f"superseded index {index!r} is not an index of the list")
        if type(version) is not int or not 1 <= version < _UINT32:
            raise _bad(f"superseded version {version!r} of index {index} is not in 1..2^32-1")
    return superseded


def _times(body: dict[int, object]) -> tuple[datetime, ...]:
    out = []
    for key in (_K_ISSUED, _K_NEXT, _K_EXPIRES):
        value = uint(body.get(key))
        if value is None:
            raise _bad(f"time field {key} missing or not an epoch")
        out.append(datetime.fromtimestamp(value, UTC))
    return tuple(out)


def parse_status_list(data: bytes) -> ParsedStatusList:
    """Bytes → ParsedStatusList; refuses anything oversized, malformed or inflating too far."""
    try:
        envelope = parse_sign1(data, max_bytes=MAX_STATUS_LIST_BYTES)
    except CoseError as exc:
        raise StatusListError(f"状态列表无效 invalid status list: {exc.message}",
                              rule=f"status_list_{exc.rule}") from None
    if envelope.content_type != CONTENT_TYPE:
        raise _bad(f"content type is {envelope.content_type!r}, expected {CONTENT_TYPE}")
    try:  # the one boundary: whatever slips past the field checks is still a refusal
        status = _parse_body(_decode(envelope.payload))
    except DECODE_ERRORS as exc:
        raise _bad(f"payload cannot be decoded ({type(exc).__name__})") from None
    return ParsedStatusList(kid=envelope.kid, algorithm=envelope.algorithm,
                            to_be_signed=envelope.to_be_signed, signature=envelope.signature,
                            status=status)


def _parse_body(body: object) -> StatusList:
    """The payload map, each field of its exact type and range."""
    if type(body) is not dict or body.get(_K_FORMAT) != FORMAT:
        raise _bad(f"payload is not {FORMAT}")
    count, version = uint(body.get(_K_COUNT), MAX_ENTRIES + 1), uint(body.get(_K_VERSION))
    blob = body.get(_K_LIST)
    if count is None or version is None or type(blob) is not bytes:
        raise _bad("count, version (0..2^32-1) or list missing")
    issued, nxt, expires = _times(body)
    if not issued <= nxt <= expires:
        raise _bad("times out of order (need issued_at <= next_update <= expires)")
    superseded = _check_superseded(body.get(_K_SUPERSEDED, {}), count)
    return StatusList(version=version, issued_at=issued, next_update=nxt, expires=expires,
                      data=_inflate(blob, count), superseded=superseded)
