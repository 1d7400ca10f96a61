"""Bytes <-> decimal digits for QR numeric mode: 7-byte chunks become 17 zero-padded digits.

A final chunk of k < 7 bytes becomes ``ceil(8k * log10(2))`` digits (3, 5, 8, 10, 13, 15), so every
digit count maps back to exactly one byte count. The conversion is linear in the input size.
"""

from __future__ import annotations

import math

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


def digits_to_bytes(digits: str) -> bytes:
    """Decimal digit string -> bytes; refuses impossible lengths and chunk values that overflow."""
    if digits and not (digits.isascii() and digits.isdigit()):
        raise _malformed("载荷须全为数字 payload must be ASCII digits only")
    rest = len(digits) % _CHUNK_DIGITS
    if rest and rest not in _BYTES_FOR_DIGITS:
        raise _malformed(f"载荷长度不可能 impossible payload length {len(digits)} digits")
    full = len(digits) - rest
    try:
        # One C-level int() and to_bytes() per 17-digit chunk; to_bytes refuses a chunk over 2**56.
        out = b"".join([
            int(digits[i : i + _CHUNK_DIGITS]).to_bytes(CHUNK_BYTES, "big")
            for i in range(0, full, _CHUNK_DIGITS)
        ])
        if rest:
            out += int(digits[full:]).to_bytes(_BYTES_FOR_DIGITS[rest], "big")
    except OverflowError:
        raise _malformed("载荷数值溢出 a digit chunk overflows its byte count") from None
    return out
