"""Bytes <-> decimal digits for QR numeric mode: 7-byte chunks become 17 zero-padded digits.

A final chunk of k < 7 bytes becomes ``ceil(8k * log10(2))`` digits (3, 5, 8, 10, 13, 15), so every
digit count maps back to exactly one byte count. The conversion is linear in the input size.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter

from ._errors import CredentialError

__all__ = ["CHUNK_BYTES", "DIGITS_FOR_BYTES", "bytes_to_digits", "digit_count", "digits_to_bytes"]

CHUNK_BYTES = 7
#: k bytes (1..7) -> digits needed to write any k-byte value.
DIGITS_FOR_BYTES: dict[int, int] = {
    k: math.ceil(8 * k * math.log10(2)) for k in range(1, CHUNK_BYTES + 1)
}
_CHUNK_DIGITS = DIGITS_FOR_BYTES[CHUNK_BYTES]
_BYTES_FOR_DIGITS = {d: k for k, d in DIGITS_FOR_BYTES.items() if k < CHUNK_BYTES}


def digit_count(n_bytes: int) -> int:
    """How many digits ``n_bytes`` bytes become."""
    full, rest = divmod(n_bytes, CHUNK_BYTES)
    return full * _CHUNK_DIGITS + (DIGITS_FOR_BYTES[rest] if rest else 0)


def bytes_to_digits(data: bytes) -> str:
    """Bytes -> decimal digit string (chunked, big-endian, zero-padded)."""
    parts = []
    for start in range(0, len(data), CHUNK_BYTES):
        chunk = data[start : start + CHUNK_BYTES]
        parts.append(str(int.from_bytes(chunk, "big")).zfill(DIGITS_FOR_BYTES[len(chunk)]))
    return "".join(parts)


def _malformed(message: str) -> CredentialError:
    return CredentialError(message, code="malformed", field="payload")


@lru_cache(maxsize=64)  # one entry per chunk count; v1 credentials have about 23
def _unpacker(chunks: int) -> tuple[Callable[[bytes], tuple[bytes, ...]], struct.Struct]:
    """Slices out ``chunks`` 17-digit chunks, and packs their values as big-endian uint64."""
    step = _CHUNK_DIGITS
    return itemgetter(*[slice(i, i + step) for i in range(0, chunks * step, step)]), \
        struct.Struct(f">{chunks}Q")


def digits_to_bytes(digits: str) -> bytes:
    """Decimal digit string -> bytes; refuses impossible lengths and chunk values that overflow."""
    # int() also takes signs, "_", spaces and non-ASCII digits: only ASCII 0-9 may reach it.
    # (bytes.isdigit is ASCII-only and a table lookup, several times faster than str.isdigit.)
    ascii_digits = digits.encode("ascii") if digits.isascii() else b"?"
    if digits and not ascii_digits.isdigit():
        raise _malformed("载荷须全为数字 payload must be ASCII digits only")
    chunks, rest = divmod(len(digits), _CHUNK_DIGITS)
    if rest and rest not in _BYTES_FOR_DIGITS:
        raise _malformed(f"载荷长度不可能 impossible payload length {len(digits)} digits")
    out = b""
    if chunks > 1:
        # No Python loop per chunk: C slices the chunks, int() reads each, struct packs them as
        # 8-byte words, and the word's first byte -- zero unless the chunk overflows 7 bytes --
        # is cut out of every word in one slice deletion. (17 digits never overflow 8 bytes.)
        cut, words = _unpacker(chunks)
        packed = bytearray(words.pack(*map(int, cut(ascii_digits))))
        if any(packed[::8]):
            raise _malformed("载荷数值溢出 a digit chunk overflows its byte count")
        del packed[::8]
        out = bytes(packed)
    elif chunks:
        out = _chunk(ascii_digits[:_CHUNK_DIGITS], CHUNK_BYTES)
    if rest:
        out += _chunk(ascii_digits[len(digits) - rest :], _BYTES_FOR_DIGITS[rest])
    return out


def _chunk(digits: bytes, size: int) -> bytes:
    try:
        return int(digits).to_bytes(size, "big")
    except OverflowError:
        raise _malformed("载荷数值溢出 a digit chunk overflows its byte count") from None
