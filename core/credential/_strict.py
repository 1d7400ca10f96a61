"""A reader for exactly the deterministic CBOR the claims map is written in (docs/FORMAT.md §2.1).

It is the fast path of claims decoding, not a CBOR decoder: it accepts unsigned and negative
integers, text strings and one level of arrays, each head in its shortest form, the map's keys
1..12 in order, and nothing after the map. Anything else -- another type, a longer head, a tag,
bad UTF-8 -- makes it answer ``None``, and the caller decodes with cbor2 and re-encodes to compare,
which refuses the input with a precise reason (or, for a value of the wrong type, leaves the
refusal to the claim checks). A property test holds the two paths to the same answer.

Why by hand: cbor2 decodes non-deterministic encodings without complaint, so enforcing §2.1 with
it takes a decode *and* an encode; this reader does both checks in one pass over ~170 bytes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_claims_map"]

_CLAIM_COUNT = 12
_MAP_HEAD = 0xA0 | _CLAIM_COUNT
#: Smallest value each additional-information width may carry (else a shorter head exists).
_WIDTH = {24: (1, 24), 25: (2, 256), 26: (4, 65536), 27: (8, 2**32)}


def _item(data: bytes, pos: int, depth: int) -> tuple[Any, int] | None:
    """(value, position after it), or None when not in the exact deterministic form."""
    initial = data[pos]
    major, value = initial >> 5, initial & 0x1F
    pos += 1
    if value >= 24:  # a longer argument: it must not fit a shorter head
        width = _WIDTH.get(value)
        if width is None:
            return None
        size, least = width
        end = pos + size
        value = int.from_bytes(data[pos:end], "big")
        if value < least or end > len(data):
            return None
        pos = end
    if major == 0:
        return value, pos
    if major == 1:
        return -1 - value, pos
    if major == 3:
        end = pos + value
        if end > len(data):
            return None
        try:
            return data[pos:end].decode("utf-8"), end
        except UnicodeDecodeError:
            return None
    if major == 4 and depth == 0:
        items = []
        for _ in range(value):
            if pos >= len(data):
                return None
            read = _item(data, pos, 1)
            if read is None:
                return None
            item, pos = read
            items.append(item)
        return items, pos
    return None


def read_claims_map(data: bytes) -> dict[int, Any] | None:
    """The claims map when ``data`` is in the exact deterministic form, else None."""
    if len(data) < 1 + 2 * _CLAIM_COUNT or data[0] != _MAP_HEAD:
        return None
    out: dict[int, Any] = {}
    pos = 1
    try:
        for key in range(1, _CLAIM_COUNT + 1):
            if data[pos] != key:
                return None
            initial = data[pos + 1]
            if initial < 24:  # the common one-byte cases inline: a small unsigned integer …
                out[key], pos = initial, pos + 2
                continue
            if 0x60 <= initial < 0x78:  # … and a short text string
                start, end = pos + 2, pos + 2 + initial - 0x60
                if end > len(data):
                    return None
                out[key], pos = data[start:end].decode("utf-8"), end
                continue
            read = _item(data, pos + 1, 0)
            if read is None:
                return None
            out[key], pos = read
    except IndexError:  # a head or key past the end: truncated, let the full decoder say so
        return None
    except UnicodeDecodeError:
        return None
    return out if pos == len(data) else None
