"""Subsetted TrueType fonts for the OFD licence file: only the glyphs of the characters printed.

The booklet's fonts are the PDF's (issuer._pdf_canvas decides which font draws each character):
Droid Sans Fallback (TrueType) for nearly everything, Noto Sans CJK SC (CFF) for the rare
characters Droid lacks. OFD readers expect TrueType outlines, so

- TrueType glyphs are copied byte for byte from the source font (composite glyphs bring their
  components, renumbered); the source is parsed once per process, so a subset costs a few
  milliseconds (fontTools' subsetter takes ~0.4 s on this 3.5 MB font);
- CFF glyphs are converted to quadratic TrueType outlines (fontTools cu2qu, within 1 font unit).

Each subset keeps the source's head, hhea, OS/2 and name tables, a cmap (format 4 and 12) of the
printed characters only, and post format 3 (no glyph names). Same characters → same bytes.
"""

from __future__ import annotations

import functools
import io
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pymupdf

__all__ = ["SubsetFont", "subset_font"]

_COMPONENT_MORE, _ARGS_ARE_WORDS = 0x0020, 0x0001
_SCALE, _XY_SCALE, _TWO_BY_TWO = 0x0008, 0x0040, 0x0080
_KEPT = (b"OS/2", b"name", b"gasp", b"cvt ", b"fpgm", b"prep")


@dataclass(frozen=True)
class SubsetFont:
    """One embedded font: its family name and the TrueType bytes of the subset."""

    name: str
    data: bytes


class _TrueType:
    """A TrueType (glyf) font parsed once: tables, cmap, glyph offsets and metrics."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        (count,) = struct.unpack_from(">H", data, 4)
        self.tables = {data[12 + 16 * i: 16 + 16 * i]: struct.unpack_from(">II", data, 20 + 16 * i)
                       for i in range(count)}
        self.cmap = _read_cmap(self.table(b"cmap"))
        head, maxp = self.table(b"head"), self.table(b"maxp")
        (self.glyph_count,) = struct.unpack_from(">H", maxp, 4)
        (long_loca,) = struct.unpack_from(">h", head, 50)
        loca = self.table(b"loca")
        n = self.glyph_count + 1
        self.loca = (struct.unpack_from(f">{n}I", loca) if long_loca else
                     tuple(2 * v for v in struct.unpack_from(f">{n}H", loca)))
        self.glyf = self.tables[b"glyf"][0]
        (metrics,) = struct.unpack_from(">H", self.table(b"hhea"), 34)
        hmtx = self.table(b"hmtx")
        pairs = struct.unpack_from(f">{2 * metrics}h", hmtx)
        lsbs = struct.unpack_from(f">{self.glyph_count - metrics}h", hmtx, 4 * metrics)
        last = pairs[-2] & 0xFFFF
        self.metrics = [(pairs[2 * i] & 0xFFFF, pairs[2 * i + 1]) for i in range(metrics)]
        self.metrics += [(last, lsb) for lsb in lsbs]
        self._uses: dict[int, tuple[int, ...]] = {}
        self._outlines: dict[int, tuple[bytes, list[tuple[int, int]]]] = {}

    def uses(self, gid: int) -> tuple[int, ...]:
        """``gid`` and the glyphs it is built of, depth first; memoised per process."""
        found = self._uses.get(gid)
        if found is None:
            found = (gid, *(g for _, part in _components(self.glyph(gid))
                            for g in self.uses(part)))
            self._uses[gid] = found
        return found

    def outline(self, gid: int) -> tuple[bytes, list[tuple[int, int]]]:
        """A glyph's bytes and its components (``_components``); memoised per process."""
        found = self._outlines.get(gid)
        if found is None:
            glyph = self.glyph(gid)
            found = self._outlines[gid] = (glyph, _components(glyph))
        return found

    def table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    def glyph(self, gid: int) -> bytes:
        return self.data[self.glyf + self.loca[gid]: self.glyf + self.loca[gid + 1]]

    def maxp(self, glyphs: list[bytes]) -> bytes:
        return self.table(b"maxp")[:4] + struct.pack(">H", len(glyphs)) + self.table(b"maxp")[6:]


def _read_cmap(cmap: bytes) -> dict[int, int]:
    """Code point → glyph id from the Unicode subtable (format 12 preferred, else format 4)."""
    (count,) = struct.unpack_from(">H", cmap, 2)
    subtables = {struct.unpack_from(">HH", cmap, 4 + 8 * i): struct.unpack_from(">I", cmap,
                                                                                 8 + 8 * i)[0]
                 for i in range(count)}
    for key in ((3, 10), (0, 4), (0, 6)):
        if key in subtables:
            return _format12(cmap, subtables[key])
    return _format4(cmap, subtables.get((3, 1), subtables.get((0, 3), 0)))


def _format12(cmap: bytes, at: int) -> dict[int, int]:
    (groups,) = struct.unpack_from(">I", cmap, at + 12)
    out: dict[int, int] = {}
    for i in range(groups):
        start, end, gid = struct.unpack_from(">III", cmap, at + 16 + 12 * i)
        out.update(zip(range(start, end + 1), range(gid, gid + end - start + 1), strict=True))
    return out


def _format4(cmap: bytes, at: int) -> dict[int, int]:
    (seg2,) = struct.unpack_from(">H", cmap, at + 6)
    n = seg2 // 2
    ends = struct.unpack_from(f">{n}H", cmap, at + 14)
    starts = struct.unpack_from(f">{n}H", cmap, at + 16 + seg2)
    deltas = struct.unpack_from(f">{n}h", cmap, at + 16 + 2 * seg2)
    ranges_at = at + 16 + 3 * seg2
    ranges = struct.unpack_from(f">{n}H", cmap, ranges_at)
    out: dict[int, int] = {}
    for i in range(n):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if ranges[i] == 0:
                out[cp] = (cp + deltas[i]) & 0xFFFF
            else:
                where = ranges_at + 2 * i + ranges[i] + 2 * (cp - starts[i])
                (gid,) = struct.unpack_from(">H", cmap, where)
                out[cp] = (gid + deltas[i]) & 0xFFFF if gid else 0
    return out


def _components(glyph: bytes) -> list[tuple[int, int]]:
    """(byte offset of the glyph index, glyph index) of each component of a composite glyph."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    out, at, flags = [], 10, _COMPONENT_MORE
    while flags & _COMPONENT_MORE:
        flags, gid = struct.unpack_from(">HH", glyph, at)
        out.append((at + 2, gid))
        at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return out


def _closure(font: _TrueType, roots: Iterable[int]) -> list[int]:
    """The glyphs to keep: .notdef, the roots, and every component they use, in first-use order
    (most CJK glyphs of Droid Sans Fallback are composites of two or three radicals)."""
    order: dict[int, None] = {0: None}
    for root in roots:
        order.update(dict.fromkeys(font.uses(root)))
    return list(order)


def _renumbered(outline: tuple[bytes, list[tuple[int, int]]], new_ids: dict[int, int]) -> bytes:
    glyph, parts = outline
    if not parts:
        return glyph
    out = bytearray(glyph)
    for at, gid in parts:
        struct.pack_into(">H", out, at, new_ids[gid])
    return bytes(out)


def _truetype_subset(font: _TrueType, chars: str) -> bytes:
    cmap = {ord(c): font.cmap.get(ord(c), 0) for c in sorted(set(chars))}
    keep = _closure(font, cmap.values())
    new_ids = {old: new for new, old in enumerate(keep)}
    glyphs = [_renumbered(font.outline(gid), new_ids) for gid in keep]
    tables = {tag: font.table(tag) for tag in _KEPT if tag in font.tables}
    return _assemble(font.table(b"head"), font.table(b"hhea"), font.maxp(glyphs), tables,
                     glyphs, [font.metrics[gid] for gid in keep],
                     {cp: new_ids[gid] for cp, gid in cmap.items()}, font.table(b"post"))


class _Cff:
    """A CFF (OpenType) font whose glyphs are converted to TrueType outlines on demand."""

    def __init__(self, data: bytes) -> None:
        from fontTools.ttLib import TTFont

        self.font = TTFont(io.BytesIO(data), lazy=True)
        self.cmap: dict[int, str] = self.font.getBestCmap()
        self.glyphs = self.font.getGlyphSet()

    def raw(self, tag: str) -> bytes:
        return bytes(self.font.reader[tag])

    @functools.lru_cache(maxsize=4096)  # noqa: B019 -- one instance per process, kept for ever
    def glyph(self, cp: int) -> tuple[bytes, int, int, int]:
        """TrueType glyph bytes, advance, left side bearing and point count for a code point."""
        from fontTools.pens.cu2quPen import Cu2QuPen
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        name = self.cmap.get(cp, ".notdef")
        pen = TTGlyphPen(None)
        self.glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyph: Any = pen.glyph()
        data = glyph.compile(None) if glyph.numberOfContours else b""
        points = len(glyph.coordinates) if glyph.numberOfContours else 0
        lsb = glyph.xMin if glyph.numberOfContours else 0
        return data, self.font["hmtx"][name][0], lsb, points


def _cff_subset(font: _Cff, chars: str) -> bytes:
    cps = sorted({ord(c) for c in chars})
    drawn = [font.glyph(-1)] + [font.glyph(cp) for cp in cps]  # -1: no char, .notdef
    glyphs = [d[0] for d in drawn]
    contours = max((struct.unpack_from(">h", g)[0] for g in glyphs if g), default=0)
    maxp = struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, len(glyphs), max(d[3] for d in drawn),
                       contours, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
    tables = {tag.encode(): font.raw(tag) for tag in ("OS/2", "name")}
    return _assemble(font.raw("head"), font.raw("hhea"), maxp, tables, glyphs,
                     [(d[1], d[2]) for d in drawn], {cp: i + 1 for i, cp in enumerate(cps)},
                     font.raw("post"))


def _assemble(head: bytes, hhea: bytes, maxp: bytes, tables: dict[bytes, bytes],
              glyphs: list[bytes], metrics: list[tuple[int, int]], cmap: dict[int, int],
              post: bytes) -> bytes:
    """A TrueType font file from its tables (long loca, full hmtx, post format 3)."""
    glyf, loca = bytearray(), [0]
    for glyph in glyphs:
        glyf += glyph + b"\0" * (-len(glyph) % 4)
        loca.append(len(glyf))
    head = head[:8] + b"\0\0\0\0" + head[12:50] + struct.pack(">hh", 1, 0)
    out = dict(tables)
    out.update({
        b"head": head, b"hhea": hhea[:34] + struct.pack(">H", len(glyphs)), b"maxp": maxp,
        b"glyf": bytes(glyf), b"loca": struct.pack(f">{len(loca)}I", *loca),
        b"hmtx": b"".join(struct.pack(">Hh", adv, lsb) for adv, lsb in metrics),
        b"cmap": _cmap(cmap), b"post": struct.pack(">I", 0x00030000) + post[4:32],
    })
    return _sfnt(out)


def _cmap(cmap: dict[int, int]) -> bytes:
    """A cmap with a format 4 (BMP) and a format 12 (all planes) subtable, one entry per char."""
    bmp = sorted(cp for cp in cmap if cp < 0xFFFF)
    segs = len(bmp) + 1
    ends, starts = [*bmp, 0xFFFF], [*bmp, 0xFFFF]
    deltas = [(cmap[cp] - cp) & 0xFFFF for cp in bmp] + [1]
    power = 1 << (segs.bit_length() - 1)
    body4 = struct.pack(f">HHHH{segs}HH{segs}H{segs}H{segs}H", 2 * segs, 2 * power,
                        power.bit_length() - 1, 2 * segs - 2 * power, *ends, 0, *starts,
                        *deltas, *([0] * segs))
    f4 = struct.pack(">HHH", 4, 6 + len(body4), 0) + body4
    groups = sorted(cmap.items())
    f12 = struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    f12 += b"".join(struct.pack(">III", cp, cp, gid) for cp, gid in groups)
    return struct.pack(">HHHHIHHI", 0, 2, 3, 1, 20, 3, 10, 20 + len(f4)) + f4 + f12


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    power = 1 << (len(tags).bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, len(tags), 16 * power, power.bit_length() - 1,
                         16 * (len(tags) - power))
    directory, body = bytearray(header), bytearray()
    start = len(header) + 16 * len(tags)
    head_at = 0
    for tag in tags:
        if tag == b"head":
            head_at = start + len(body)
        directory += struct.pack(">4sIII", tag, _checksum(tables[tag]), start + len(body),
                                 len(tables[tag]))
        body += tables[tag] + b"\0" * (-len(tables[tag]) % 4)
    font = bytearray(directory + body)
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


@functools.cache
def _source(font: pymupdf.Font) -> _TrueType | _Cff:
    """Parsed once per process: the PDF's fonts are process-wide singletons too."""
    data = bytes(font.buffer)
    return _Cff(data) if data[:4] == b"OTTO" else _TrueType(data)


def subset_font(font: pymupdf.Font, chars: str) -> SubsetFont:
    """The TrueType subset of ``font`` (one the PDF draws with) holding exactly ``chars``."""
    source = _source(font)
    data = (_cff_subset(source, chars) if isinstance(source, _Cff)
            else _truetype_subset(source, chars))
    return SubsetFont(name=font.name.removesuffix(" Regular"), data=data)
