"""QR module matrices with numpy, identical to ``qrcode``'s, mask choice included.

``qrcode.QRCode.best_mask_pattern`` builds the symbol eight times and scores each in pure Python
(~17 ms for a version-10 symbol), and its Reed–Solomon step alone takes ~2 ms. Here:

- a symbol is its function patterns plus (data bits XOR mask), so ``qrcode`` itself draws, once per
  version and level, the eight symbols with every data bit zero (only the mask shows in the data
  area), both as it scores them (format and version information light) and as it emits them;
- the data bits are placed once, in ``qrcode``'s order, and XORed onto all eight;
- the eight are scored at once with ``qrcode.util.lost_point``'s rules; the lowest score wins and a
  tie goes to the lower mask, as in ``best_mask_pattern``;
- the error-correction codewords are the remainder of the same generator polynomials
  (``qrcode.LUT``), computed for all blocks at once. (qrcode's own division fails with
  ``ValueError: glog(0)`` on a block of zero codewords, e.g. a long run of "0" digits; this does
  not.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import qrcode
import qrcode.base
import qrcode.exceptions
import qrcode.LUT
import qrcode.util

__all__ = ["codewords", "symbol"]

Bits = npt.NDArray[np.bool_]
Bytes = npt.NDArray[np.uint8]

# 1:1:3:1:1 finder-like runs with four light modules after or before (qrcode's level 3).
_FINDER_LIKE = (0b10111010000, 0b00001011101)


def _gf_products() -> Bytes:
    log = np.array(qrcode.base.LOG_TABLE)
    exp = np.array(qrcode.base.EXP_TABLE, dtype=np.uint8)
    table = exp[(log[:, None] + log[None, :]) % 255]
    table[0, :] = table[:, 0] = 0
    products: Bytes = table
    return products


_GF_MUL = _gf_products()


def _error_correction(blocks: list[list[int]], ec_count: int) -> Bytes:
    """Reed–Solomon remainders, one row per block (a shift register run on all blocks at once)."""
    longest = max(map(len, blocks))
    # Leading zero codewords do not change a remainder, so short blocks are padded in front.
    data = np.array([[0] * (longest - len(b)) + b for b in blocks], dtype=np.uint8)
    products = _GF_MUL[:, qrcode.LUT.rsPoly_LUT[ec_count][1:]]  # generator is monic
    remainder = np.zeros((len(blocks), ec_count), dtype=np.uint8)
    shifted = np.zeros_like(remainder)  # its last column stays zero
    for column in data.T:
        factor = column ^ remainder[:, 0]
        shifted[:, :-1] = remainder[:, 1:]
        remainder = shifted ^ products[factor]
    return remainder


def _interleave(rows: list[list[int]]) -> list[int]:
    longest = max(map(len, rows))
    return [row[i] for i in range(longest) for row in rows if i < len(row)]


class _BitString:
    """``qrcode.util.BitBuffer``'s ``put`` as string formatting (its bit-by-bit loop is slow)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.parts.append(f"{num & ((1 << length) - 1):0{length}b}")
        self.length += length


def codewords(data_list: list[qrcode.util.QRData], version: int, error_correction: int) -> Bytes:
    """The symbol's codeword sequence, as ``qrcode.util.create_data`` builds it."""
    buffer = _BitString()
    for data in data_list:
        buffer.put(data.mode, 4)
        buffer.put(len(data), qrcode.util.length_in_bits(data.mode, version))
        data.write(buffer)
    rs_blocks = qrcode.base.rs_blocks(version, error_correction)
    capacity = sum(block.data_count for block in rs_blocks)
    if buffer.length > capacity * 8:
        raise qrcode.exceptions.DataOverflowError(f"{buffer.length} bits > {capacity * 8}")
    # Terminator (up to four zero bits), zero bits to a byte boundary, then alternating pad bytes.
    bits = "".join(buffer.parts) + "0" * min(capacity * 8 - buffer.length, 4)
    bits += "0" * (-len(bits) % 8)
    stream = list(int(bits, 2).to_bytes(len(bits) // 8, "big"))
    stream = (stream + [qrcode.util.PAD0, qrcode.util.PAD1] * capacity)[:capacity]
    blocks, offset = [], 0
    for block in rs_blocks:
        blocks.append(stream[offset : offset + block.data_count])
        offset += block.data_count
    ec_count = rs_blocks[0].total_count - rs_blocks[0].data_count
    ec = _error_correction(blocks, ec_count).tolist()
    return np.array(_interleave(blocks) + _interleave(ec), dtype=np.uint8)


@dataclass(frozen=True)
class _Layout:
    emitted: Bits  # (8, n, n): the symbol per mask with every data bit zero
    scored: Bits  # (8, n, n): the same as best_mask_pattern scores it (format, version light)
    order: npt.NDArray[np.intp]  # flat indices of the data modules in placement order


class _Blank(qrcode.QRCode):  # type: ignore[misc]  # qrcode ships no type information
    """Leaves the data modules unset (None), which shows where data goes."""

    def map_data(self, data: object, mask_pattern: object) -> None:
        pass


def _placement(free: Bits) -> npt.NDArray[np.intp]:
    # qrcode.QRCode.map_data's order: column pairs from the right, up then down, skipping column 6.
    n = len(free)
    order: list[int] = []
    rows = range(n - 1, -1, -1)
    for right in range(n - 1, 0, -2):
        if right <= 6:
            right -= 1
        order += [r * n + c for r in rows for c in (right, right - 1) if free[r, c]]
        rows = rows[::-1]
    return np.array(order, dtype=np.intp)


@lru_cache(maxsize=32)  # (version, level) pairs; at most ~0.5 MB each (version 40)
def _layout(version: int, error_correction: int) -> _Layout:
    blank = _Blank(version=version, error_correction=error_correction)
    blank.data_cache = []
    blank.makeImpl(False, 0)
    free = np.array([[m is None for m in row] for row in blank.modules])
    qr = qrcode.QRCode(version=version, error_correction=error_correction)
    qr.data_cache = []  # no data: map_data writes only the mask into the data modules

    def drawn(test: bool, mask: int) -> Bits:
        qr.makeImpl(test, mask)
        return np.array(qr.modules, dtype=bool)

    emitted = np.stack([drawn(False, mask) for mask in range(8)])
    scored = np.stack([drawn(True, mask) for mask in range(8)])
    for array in (emitted, scored):
        array.setflags(write=False)
    return _Layout(emitted, scored, _placement(free))


def _run_points(lines: Bits) -> npt.NDArray[np.int64]:
    """Level 1 per symbol: every run of five or more same-colour modules costs its length - 2,
    i.e. 1 for each five-module window inside the run plus 2 for the run's first window."""
    same = lines[..., 1:] == lines[..., :-1]
    fives = same[..., :-3] & same[..., 1:-2] & same[..., 2:-1] & same[..., 3:]
    firsts = fives.copy()
    firsts[..., 1:] &= ~same[..., :-4]
    total: npt.NDArray[np.int64] = fives.sum(axis=(1, 2)) + 2 * firsts.sum(axis=(1, 2))
    return total


def _finder_like(lines: Bits) -> npt.NDArray[np.int64]:
    """Level 3 per symbol: 40 for each 11-module window showing a finder-like pattern."""
    n = lines.shape[-1]
    windows = np.zeros(lines.shape[:-1] + (n - 10,), dtype=np.int16)
    for i in range(11):
        windows = (windows << 1) | lines[..., i : n - 10 + i]
    hits = (windows == _FINDER_LIKE[0]) | (windows == _FINDER_LIKE[1])
    count: npt.NDArray[np.int64] = hits.sum(axis=(1, 2), dtype=np.int64)
    return 40 * count


def _penalties(symbols: Bits) -> list[int]:
    """``qrcode.util.lost_point`` of each symbol in ``symbols`` (count, n, n)."""
    n = symbols.shape[-1]
    lines = np.concatenate([symbols, symbols.transpose(0, 2, 1)], axis=1)  # rows, then columns
    corner = symbols[:, :-1, :-1]
    blocks = (
        (corner == symbols[:, 1:, :-1])
        & (corner == symbols[:, :-1, 1:])
        & (corner == symbols[:, 1:, 1:])
    )
    partial = _run_points(lines) + 3 * blocks.sum(axis=(1, 2)) + _finder_like(lines)
    dark = symbols.sum(axis=(1, 2)).tolist()
    # Level 4 in qrcode's own float arithmetic, so that boundary cases round the same way.
    balance = [int(abs(float(d) / (n**2) * 100 - 50) / 5) * 10 for d in dark]
    return [int(p) + b for p, b in zip(partial.tolist(), balance, strict=True)]


def symbol(
    codes: Bytes, version: int, error_correction: int, mask: int | None = None
) -> tuple[Bits, int]:
    """Module matrix (True = dark) for ``codes``, and its mask (``None``: qrcode's choice)."""
    if mask is not None and mask not in range(8):
        raise ValueError(f"Mask pattern should be in range(8) (got {mask})")
    layout = _layout(version, error_correction)
    bits = np.unpackbits(codes)[: len(layout.order)]
    data = np.zeros(layout.emitted.shape[1:], dtype=bool)
    data.flat[layout.order[: len(bits)]] = bits
    if mask is None:
        scores = _penalties(layout.scored ^ data)
        mask = scores.index(min(scores))  # the first minimum, as best_mask_pattern
    return layout.emitted[mask] ^ data, mask
