"""Masked identity-document numbers for public output (see docs/MASKING.md)."""

from __future__ import annotations

MASK = "*"
# Hard ceiling on characters shown from any document number.
MAX_VISIBLE = 7
_RESIDENT_ID_LENGTH = 18
_SHORTEST_PARTIAL = 6


def _keep(number: str, head: int, tail: int) -> str:
    return number[:head] + MASK * (len(number) - head - tail) + number[len(number) - tail :]


def mask_id_number(number: str, document_type: str = "resident_id") -> str:
    """Masked form for public output; shows at most 7 characters and at most half.

    18-character resident IDs keep the first 3 and last 4 (110***********123X); any other
    document or length keeps the first 1 and last 2, and fewer than 6 characters are all masked.
    """
    if document_type == "resident_id" and len(number) == _RESIDENT_ID_LENGTH:
        return _keep(number, 3, 4)
    if len(number) < _SHORTEST_PARTIAL:
        return MASK * len(number)
    return _keep(number, 1, 2)
