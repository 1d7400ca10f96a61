"""A reader for exactly the deterministic CBOR the claims map is written in (docs/FORMAT.md §2.1).

It is the one claims decoder, not a general CBOR decoder: it accepts unsigned and negative
integers, text strings and one level of arrays, each head in its shortest form, the map's keys
1..3 and 5..12 (format v2) in order, and nothing after the map. Anything else -- another type, a
longer head, a tag, bad UTF-8 -- makes it answer ``None``, and the input is refused; cbor2 only
words the reason. A property test holds that no valid claims map is declined.

Why by hand: cbor2 decodes non-deterministic encodings without complaint, so enforcing §2.1 with
it takes a decode *and* an encode; this reader does both checks in one pass over ~170 bytes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_claims"]

_KEYS = (1, 2, 3, *range(5, 13))  # format v2: key 4 (v1's birth date) is gone
_CLAIM_COUNT = len(_KEYS)
_MAP_HEAD = 0xA0 | _CLAIM_COUNT
#: Smallest value each additional-information width may carry (else a shorter head exists).
_WIDTH = {24: (1, 24), 25: (2, 256), 26: (4, 65536), 27: (8, 2**32)}


def _scalar(data: bytes, pos: int) -> tuple[Any, int] | None:
    """(value, position after it) of an integer or text at ``pos``, in its exact form, else None."""
    initial = data[pos]
    major, arg = initial >> 5, initial & 0x1F
    pos += 1
    if arg >= 24:  # a longer argument: it must not fit a shorter head
        width = _WIDTH.get(arg)
        if width is None:
            return None
        size, least = width
        end = pos + size
        arg = int.from_bytes(data[pos:end], "big")
        if arg < least or end > len(data):
            return None
        pos = end
    if major == 0:
        return arg, pos
    if major == 3:
        end = pos + arg
        return (data[pos:end].decode("utf-8"), end) if end <= len(data) else None
    if major == 1:
        return -1 - arg, pos
    return None


def read_claims(data: bytes) -> list[Any] | None:
    """The values of keys 1..3, 5..12, in order, when ``data`` is in the exact deterministic
    form."""
    size = len(data)
    if size < 1 + 2 * _CLAIM_COUNT or data[0] != _MAP_HEAD:
        return None
    values: list[Any] = []
    append = values.append
    pos = 1
    try:
        for key in _KEYS:
            if data[pos] != key:
                return None
            initial = data[pos + 1]
            pos += 2
            # The claims' usual shapes inline (a call per claim costs more than the reading):
            if initial < 24:  # a small unsigned integer …
                append(initial)
            elif initial < 28:  # … a longer one (its head must be the shortest that fits) …
                width, least = _WIDTH[initial]
                end = pos + width
                value = int.from_bytes(data[pos:end], "big")
                if value < least or end > size:
                    return None
                append(value)
                pos = end
            elif 0x60 <= initial < 0x78:  # … a short text string …
                end = pos + initial - 0x60
                if end > size:
                    return None
                append(data[pos:end].decode("utf-8"))
                pos = end
            elif 0x80 <= initial < 0x98:  # … and a short array, of integers and texts only
                items: list[Any] = []
                for _ in range(initial - 0x80):
                    head = data[pos]
                    if head < 24:
                        items.append(head)
                        pos += 1
                        continue
                    if 0x60 <= head < 0x78:
                        end = pos + 1 + head - 0x60
                        if end > size:
                            return None
                        items.append(data[pos + 1 : end].decode("utf-8"))
                        pos = end
                        continue
                    read = _scalar(data, pos)
                    if read is None:
                        return None
                    item, pos = read
                    items.append(item)
                append(items)
            else:
                read = _scalar(data, pos - 1)
                if read is None:
                    return None
                item, pos = read
                append(item)
    except IndexError:  # a head or key past the end: truncated, let the full decoder say so
        return None
    except UnicodeDecodeError:
        return None
    return values if pos == size else None
