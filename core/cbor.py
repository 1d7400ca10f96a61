"""Strict CBOR reading for everything ecert decodes: the credential, the trust and status lists.

cbor2 turns tagged items into Python objects -- tag 36 into an ``email.message.Message``, 0/1
into datetimes, 2/3 into integers of any size, 28/29 into shared (even cyclic) references, 35
into a compiled regular expression, 258 into a set -- and it raises a handful of unrelated
exception types on bad input. No ecert document uses a tag except COSE_Sign1's own 18 around
the whole item, so :func:`loads` refuses the tags cbor2 would build objects for *while decoding*,
then checks that only plain values came out -- integers within 64 bits, text, bytes, arrays, maps
with integer or text keys, null/true/false (the caller's field checks decide), a tag only around
the whole item where the caller asks -- and turns every failure into one :class:`CborInvalid`.
Each decoder calls it at its one boundary and converts that error into its own
(``CredentialError``, ``CoseError``, ``StatusListError``, ``TrustListInvalid``).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any, Final

import cbor2

from core.errors import InvalidInput

__all__ = ["DECODE_ERRORS", "CborInvalid", "loads", "uint"]

#: What decoding (and a field check that slips) may raise on hostile input; each decoder's one
#: boundary turns these into its malformed error, so none of them ever reaches a caller.
DECODE_ERRORS: Final = (
    cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError, KeyError, IndexError,
    AttributeError, UnicodeError, zlib.error, MemoryError,
)
#: Tags cbor2 decodes into objects itself (cbor2 6.3, probed over tags 0..69,999); each is refused
#: before its decoder runs. A tag added in a later cbor2 is still caught by the plain-value walk.
_SEMANTIC_TAGS: Final = (0, 1, 2, 3, 4, 5, 25, 28, 29, 30, 35, 36, 37, 52, 54, 100, 256, 258,
                         260, 261, 1004, 43000, 55799)
_INT_MIN, _INT_MAX = -(2**64), 2**64 - 1  # what a CBOR major type 0/1 head can carry


class CborInvalid(InvalidInput):
    """Bytes that are not strict CBOR of plain values; ``truncated`` when they end early."""

    code = "malformed"

    def __init__(self, message: str, *, truncated: bool = False) -> None:
        super().__init__(message, field="cbor", rule="truncated" if truncated else "malformed")
        self.truncated = truncated


class _Refused(cbor2.CBORDecodeError):
    """Raised from inside cbor2's hooks; :func:`loads` reports it as CborInvalid."""


def _refuse_semantic(*_args: object) -> Any:
    raise _Refused("tagged value refused")


_SEMANTIC_REFUSALS: Final = {tag: _refuse_semantic for tag in _SEMANTIC_TAGS}


def _keep_tag(*args: object) -> object:  # (tag, immutable) in cbor2 6, (decoder, tag) in 5
    """Other tags come back as CBORTag; the plain-value walk allows one only at the top."""
    return next(a for a in args if isinstance(a, cbor2.CBORTag))


def loads(data: bytes, *, max_depth: int, top_tag: bool = False, what: str = "CBOR") -> Any:
    """Decode one CBOR item of plain values; a tag (except one around the whole item when
    ``top_tag``: the caller checks its number), float, simple value, integer beyond 64 bits,
    indefinite length, duplicate key or trailing byte raises :class:`CborInvalid`."""
    try:
        obj = cbor2.loads(data, max_depth=max_depth, allow_indefinite=False,
                          allow_duplicate_keys=False, tag_hook=_keep_tag,
                          semantic_decoders=_SEMANTIC_REFUSALS)
    except cbor2.CBORDecodeEOF:
        raise CborInvalid(f"{what} ends early", truncated=True) from None
    except DECODE_ERRORS as exc:
        reason = exc.__cause__ if isinstance(exc.__cause__, _Refused) else exc
        raise CborInvalid(f"{what} is not valid CBOR ({reason})") from None
    if top_tag and type(obj) is cbor2.CBORTag:
        _check_plain(obj.value, max_depth, what)
    else:
        _check_plain(obj, max_depth + 1, what)
    return obj


def _check_plain(obj: object, depth: int, what: str) -> None:
    """Only plain values: a tag left in by ``tags`` may appear, nothing cbor2 built for us."""
    kind = type(obj)
    if kind is int:
        if not _INT_MIN <= obj <= _INT_MAX:  # type: ignore[operator]
            raise CborInvalid(f"{what} holds an integer beyond 64 bits")
        return
    if kind in (str, bytes, bool) or obj is None:
        return
    if depth <= 0:
        raise CborInvalid(f"{what} nests too deeply")
    if kind in (list, tuple):
        for item in obj:  # type: ignore[attr-defined]
            _check_plain(item, depth - 1, what)
        return
    if isinstance(obj, Mapping):
        for key, value in obj.items():
            if type(key) not in (int, str):
                raise CborInvalid(f"{what} has a map key that is not an integer or text")
            _check_plain(key, depth - 1, what)
            _check_plain(value, depth - 1, what)
        return
    if kind is cbor2.CBORTag:
        raise CborInvalid(f"{what} holds CBOR tag {obj.tag}")  # type: ignore[attr-defined]
    raise CborInvalid(f"{what} holds a {kind.__name__}, not a plain CBOR value")


def uint(value: object, limit: int = 2**32) -> int | None:
    """``value`` when it is an ``int`` (not a bool) in ``0 .. limit-1``, else None."""
    return value if type(value) is int and 0 <= value < limit else None
