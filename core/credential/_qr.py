"""QR symbols for the QR text: explicit mixed-mode segments, version arithmetic, module matrix.

``qrcode``'s own ``add_data(optimize=...)`` splits text with regular expressions and does not weigh
segment headers; we choose the cheapest segments ourselves (``_segments``) and hand them over as
``QRData`` with a fixed mode. For a QR text that is one alphanumeric segment for the prefix and one
numeric segment for the digits.

The module matrix itself is built by ``_qrmask`` with numpy: the same modules and the same
penalty-based mask choice as ``qrcode``, about 20 times faster.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np
import qrcode
import qrcode.constants
import qrcode.util

from ._qrmask import Bits, Bytes, codewords, symbol
from ._segments import Mode, Segment, data_bits, optimal_segments

__all__ = [
    "Level",
    "best_mask",
    "make_qr",
    "qr_matrix",
    "qr_segments",
    "qr_version",
    "segment_bits",
]

Level = Literal["L", "M", "Q", "H"]

_EC: dict[str, int] = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
_MODE_BITS: dict[Mode, int] = {
    "numeric": qrcode.util.MODE_NUMBER,
    "alphanumeric": qrcode.util.MODE_ALPHA_NUM,
    "byte": qrcode.util.MODE_8BIT_BYTE,
}
# Character-count field sizes change at versions 10 and 27 (ISO/IEC 18004 table 3).
_VERSION_CLASSES = ((1, 9), (10, 26), (27, 40))
_LONG_DIGIT_RUN = 32


def _headers(version: int) -> dict[Mode, int]:
    return {m: 4 + int(qrcode.util.length_in_bits(b, version)) for m, b in _MODE_BITS.items()}


def segment_bits(segments: list[Segment], version: int) -> int:
    """Bits the segments take in a symbol of ``version`` (mode indicators and counts included)."""
    headers = _headers(version)
    return sum(headers[s.mode] + data_bits(s) for s in segments)


def _cheapest(text: str, version: int) -> list[Segment]:
    # A long trailing digit run is always one numeric segment (3.3 bits a digit against 5.5 or
    # 8 elsewhere, and splitting it costs a header), so only the short head needs the search.
    head = text.rstrip("0123456789")
    digits = text[len(head) :]
    if len(digits) < _LONG_DIGIT_RUN:
        return optimal_segments(text, _headers(version))
    return optimal_segments(head, _headers(version)) + [Segment("numeric", digits)]


@lru_cache(maxsize=512)
def _plan(text: str, level: Level) -> tuple[int, tuple[Segment, ...]]:
    limits = qrcode.util.BIT_LIMIT_TABLE[_EC[level]]
    for low, high in _VERSION_CLASSES:
        segments = _cheapest(text, low)
        bits = segment_bits(segments, low)
        for version in range(low, high + 1):
            if bits <= limits[version]:
                return version, tuple(segments)
    raise ValueError(f"QR text of {len(text)} chars does not fit in QR version 40 at {level}")


def qr_segments(text: str, level: Level = "M") -> list[Segment]:
    """The cheapest segments for ``text`` at the version it needs at ``level``."""
    return list(_plan(text, level)[1])


def qr_version(text: str, level: Level = "M") -> int:
    """Smallest QR version (1..40) holding ``text`` at error-correction ``level``."""
    return _plan(text, level)[0]


def _data_list(text: str, level: Level) -> list[qrcode.util.QRData]:
    return [
        qrcode.util.QRData(segment.text, mode=_MODE_BITS[segment.mode])
        for segment in qr_segments(text, level)
    ]


@lru_cache(maxsize=64)
def _codewords(text: str, level: Level) -> Bytes:
    # Cached: a caller trying several masks for one text (issuer's printable QR) encodes it once.
    codes = codewords(_data_list(text, level), qr_version(text, level), _EC[level])
    codes.setflags(write=False)
    return codes


def make_qr(
    text: str, level: Level = "M", *, border: int = 4, box_size: int = 10, mask: int | None = None
) -> qrcode.QRCode:
    """A built ``qrcode.QRCode`` for ``text`` with explicit segments, at the minimal version;
    ``mask`` (0–7) overrides the standard's penalty-based mask choice (which is then
    ``.mask_pattern``)."""
    if mask is None:  # qrcode's own choice, found much faster (see _qrmask)
        mask = best_mask(text, level)
    qr = qrcode.QRCode(
        version=qr_version(text, level),
        error_correction=_EC[level],
        border=border,
        box_size=box_size,
        mask_pattern=mask,
    )
    for data in _data_list(text, level):
        qr.add_data(data)
    qr.make(fit=False)
    return qr


def _symbol(text: str, level: Level, mask: int | None) -> tuple[Bits, int]:
    return symbol(_codewords(text, level), qr_version(text, level), _EC[level], mask)


def best_mask(text: str, level: Level = "M") -> int:
    """The mask (0–7) the standard's penalty rules choose, exactly as ``qrcode`` scores them."""
    return int(_symbol(text, level, None)[1])


def qr_matrix(
    text: str, level: Level = "M", *, border: int = 0, mask: int | None = None
) -> list[list[bool]]:
    """Module matrix (True = dark), ``border`` light modules around it (the spec asks for 4);
    the same modules as ``make_qr`` builds, without building a ``qrcode.QRCode``."""
    matrix: list[list[bool]] = np.pad(_symbol(text, level, mask)[0], border).tolist()
    return matrix
