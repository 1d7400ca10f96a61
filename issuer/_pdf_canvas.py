"""Drawing primitives for the booklet PDF: geometry, fonts, text measure and wrap, Canvas, Flow.

Fonts: MuPDF's built-in Droid Sans Fallback (TrueType, covers all 20,902 URO ideographs) is loaded
once per process and embedded, then subsetted per document. Characters it lacks (CJK Ext A…) fall
back to Noto Sans CJK SC from Debian's fonts-noto-cjk, which MuPDF cannot subset (CFF), so those
rare files are large but correct.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pymupdf
from pymupdf import mupdf

MM = 72 / 25.4
W, H = 145 * MM, 205 * MM  # 25开 booklet page
M = 34.0  # side margin
CW = W - 2 * M  # content width
BOTTOM = H - 46.0  # last baseline before the footer

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
GREY: Color = (0.38, 0.38, 0.38)
RULE: Color = (0.72, 0.72, 0.72)
CRIMSON: Color = (0.56, 0.08, 0.10)
GOLD: Color = (0.95, 0.80, 0.46)
WHITE: Color = (1.0, 1.0, 1.0)

_NOTO_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@functools.cache
def _primary_font() -> pymupdf.Font:
    return pymupdf.Font("cjk")


@functools.cache
def _fallback_font() -> pymupdf.Font | None:
    """Noto Sans CJK SC, cut out of the TTC collection (MuPDF always loads face 0, the JP one)."""
    if not _NOTO_TTC.exists():
        return None
    data = _NOTO_TTC.read_bytes()
    (count,) = struct.unpack_from(">I", data, 8)
    for index in range(count):
        font = pymupdf.Font(fontbuffer=_ttc_face(data, index))
        if font.name.startswith("Noto Sans CJK SC"):
            return font
    return None


def _ttc_face(data: bytes, index: int) -> bytes:
    """One face of a TrueType collection as a standalone OpenType font."""
    (offset,) = struct.unpack_from(">I", data, 12 + 4 * index)
    (num_tables,) = struct.unpack_from(">H", data, offset + 4)
    records = [struct.unpack_from(">4sIII", data, offset + 12 + 16 * i) for i in range(num_tables)]
    directory, body = bytearray(data[offset : offset + 12]), bytearray()
    start = 12 + 16 * num_tables
    for tag, checksum, table_offset, length in records:
        directory += struct.pack(">4sIII", tag, checksum, start + len(body), length)
        body += data[table_offset : table_offset + length]
        body += b"\0" * (-len(body) % 4)
    return bytes(directory + body)


@functools.lru_cache(maxsize=16384)
def _font_for(char: str) -> pymupdf.Font:
    primary = _primary_font()
    if char.isspace() or primary.has_glyph(ord(char)):
        return primary
    fallback = _fallback_font()
    return fallback if fallback is not None and fallback.has_glyph(ord(char)) else primary


def undrawable(text: str) -> list[str]:
    """Characters neither embedded font has a glyph for (they would print as empty boxes)."""
    return [c for c in text if not c.isspace() and not _font_for(c).has_glyph(ord(c))]


@functools.lru_cache(maxsize=16384)
def _advance(char: str) -> float:
    return float(_font_for(char).text_length(char, 1.0))


def _runs(text: str) -> Iterator[tuple[pymupdf.Font, str]]:
    """Split text into maximal runs that one font draws."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or _font_for(text[i]) is not _font_for(text[start]):
            yield _font_for(text[start]), text[start:i]
            start = i


def text_width(text: str, size: float) -> float:
    return size * sum(_advance(c) for c in text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking: anywhere between CJK characters, at spaces inside Latin words."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for char in paragraph:
            step = size * _advance(char)
            if line and used + step > width:
                cut = line.rfind(" ") if char.isascii() and not char.isspace() else -1
                head, line = (line[:cut], line[cut + 1 :]) if cut > 0 else (line, "")
                lines.append(head.rstrip())
                line = line.lstrip() if char.isspace() else line + char
                used = text_width(line, size)
            else:
                line, used = line + char, used + step
        lines.append(line.rstrip())
    return lines


_LANG = mupdf.fz_text_language_from_string(None)


def _show(
    writer: pymupdf.TextWriter, font: pymupdf.Font, x: float, y: float, text: str, size: float
) -> None:
    """TextWriter.append without its per-call bounding box of *all* text so far (quadratic).

    The writer's space is PDF user space (y upwards) over our zero-origin pages of height H.
    """
    matrix = mupdf.fz_make_matrix(size, 0, 0, size, x, H - y)
    mupdf.fz_show_string(writer.this, font.this, matrix, text, 0, 0, 0, _LANG)


def _rgb(color: Color) -> str:
    return " ".join(f"{c:.3g}" for c in color)


Box = tuple[float, float, float, float]
#: a drawn vector, in page space (points, y down): ("line", (x0, y0, x1, y1), colour),
#: ("rect", box, stroke, fill) or ("rects", boxes, fill) — one filled path of rectangles
Vector = tuple[str, Any, Any] | tuple[str, Any, Any, Any]
#: a drawn run of text in one font: font, x, baseline y, text, size
TextRun = tuple[pymupdf.Font, float, float, str, float]


class Canvas:
    """One page's drawing, recorded and written once: PDF path operators, one TextWriter per colour.

    PyMuPDF invalidates Page objects whenever a page is added, so a canvas keeps the page number.
    Vector drawing is written as raw operators (in PDF user space: y upwards, our pages have a
    zero-origin MediaBox of height H): PyMuPDF's Shape costs tens of µs per call.

    What the canvas draws is also kept, in the PDF's painting order (``vectors``, then ``texts``
    colour by colour, as :meth:`flush` writes them), so the OFD licence (issuer._ofd_layout) is
    made from the very calls that drew the PDF page instead of reading the page back.
    """

    def __init__(self, doc: pymupdf.Document) -> None:
        self.doc = doc
        self.number = doc.new_page(width=W, height=H).number
        self._vector: list[str] = []
        self._writers: dict[Color, pymupdf.TextWriter] = {}
        self.vectors: list[Vector] = []
        self.texts: dict[Color, list[TextRun]] = {}
        #: images placed on the page (issuer._pdf's photo), under everything drawn here: each
        #: image's xref and the box it was fitted into (keeping its proportions)
        self.images: list[tuple[int, Box]] = []

    @property
    def page(self) -> pymupdf.Page:
        page: pymupdf.Page = self.doc[self.number]
        return page

    def text(self, x: float, y: float, text: str, size: float, color: Color = BLACK) -> float:
        """Draw text with its baseline at y; return the x where it ends."""
        writer = self._writers.get(color)
        if writer is None:
            writer = self._writers[color] = pymupdf.TextWriter(pymupdf.Rect(0, 0, W, H))
            self.texts.setdefault(color, [])
        runs = self.texts[color]
        for font, run in _runs(text):
            _show(writer, font, x, y, run, size)
            runs.append((font, x, y, run, size))
            x += text_width(run, size)
        return x

    def centred(self, y: float, text: str, size: float, color: Color = BLACK) -> None:
        self.text((W - text_width(text, size)) / 2, y, text, size, color)

    def right(self, x: float, y: float, text: str, size: float, color: Color = BLACK) -> None:
        self.text(x - text_width(text, size), y, text, size, color)

    def line(self, x0: float, y0: float, x1: float, y1: float, color: Color = RULE) -> None:
        self._vector.append(
            f"{_rgb(color)} RG 0.6 w {x0:.2f} {H - y0:.2f} m {x1:.2f} {H - y1:.2f} l S\n"
        )
        self.vectors.append(("line", (x0, y0, x1, y1), color))

    def rect(self, rect: pymupdf.Rect, *, stroke: Color | None, fill: Color | None = None) -> None:
        ops = f"{rect.x0:.2f} {H - rect.y1:.2f} {rect.width:.2f} {rect.height:.2f} re "
        if fill is not None:
            ops = f"{_rgb(fill)} rg {ops}"
        if stroke is not None:
            ops = f"{_rgb(stroke)} RG 0.8 w {ops}"
        paint = "B" if fill is not None and stroke is not None else "f" if fill is not None else "S"
        self._vector.append(f"{ops}{paint}\n")
        self.vectors.append(("rect", (rect.x0, rect.y0, rect.x1, rect.y1), stroke, fill))

    def fill_path(self, operators: str, color: Color, rects: Sequence[Box]) -> None:
        """Fill raw path operators (user space) as one path: adjacent shapes merge seamlessly.
        ``rects`` are the same rectangles in page space (what the OFD draws)."""
        self._vector.append(f"{_rgb(color)} rg\n{operators}f\n")
        self.vectors.append(("rects", tuple(rects), color))

    def flush(self) -> None:
        """Write the page's drawing and text as one content stream."""
        parts = ["q\n" + "".join(self._vector) + "Q\n"] if self._vector else []
        if self._writers:
            parts.append(_text_content(self.page, self._writers))
        if parts:
            pymupdf.TOOLS._insert_contents(self.page, "".join(parts).encode(), overlay=1)
        self._vector.clear()
        self._writers.clear()


def _text_content(page: pymupdf.Page, writers: dict[Color, pymupdf.TextWriter]) -> str:
    """Every colour's text on one PDF device: what ``TextWriter.write_text`` does once per writer
    (its font and resource handling, for our pages: zero-origin MediaBox, no rotation, opaque,
    fill mode), with one resource merge and one content stream per page instead of one per
    colour. The rendered page is the same; tests extract its text and check its fonts."""
    pdfpage = page._pdf_page()
    resources = mupdf.pdf_new_dict(pdfpage.doc(), 5)
    contents = mupdf.fz_new_buffer(1024)
    device = mupdf.pdf_new_pdf_device(pdfpage.doc(), mupdf.FzMatrix(), resources, contents)
    for color, writer in writers.items():
        mupdf.fz_fill_text(device, writer.this, mupdf.FzMatrix(), mupdf.fz_device_rgb(),
                           list(color), 1, mupdf.FzColorParams(mupdf.fz_default_color_params))
    mupdf.fz_close_device(device)
    _, font_base = pymupdf.JM_merge_resources(pdfpage, resources)
    lines = ["q"]
    for line in pymupdf.JM_EscapeStrFromBuffer(contents).splitlines():
        if line.endswith(" cm"):  # the device's own page transform; our pages need none
            continue
        if line == "BT":
            lines += ["BT", "0 Tr"]
            continue
        if line.endswith(" Tf"):  # renumber the fonts after the page's existing ones
            name, *rest = line.split()
            lines.append("1 w")
            line = " ".join([f"/F{int(name[2:]) + font_base:d}", *rest])
        elif line.endswith(" rg"):
            lines.append(line.replace("rg", "RG"))
        lines.append(line)
    lines.append("Q\n")
    return "\n".join(lines)


class Flow:
    """A titled section that continues on new pages ("（续）") when content runs past the bottom."""

    def __init__(self, doc: pymupdf.Document, title: str, top: float = 96.0) -> None:
        self.doc, self.title, self.top = doc, title, top
        self.canvases: list[Canvas] = []
        self.y = 0.0
        self.new_page()

    @property
    def canvas(self) -> Canvas:
        return self.canvases[-1]

    def new_page(self) -> None:
        canvas = Canvas(self.doc)
        title = self.title if not self.canvases else f"{self.title}（续）"
        canvas.centred(62, title, 17)
        canvas.line(M, 76, W - M, 76, GREY)
        self.canvases.append(canvas)
        self.y = self.top

    def need(self, height: float) -> bool:
        """Start a new page unless `height` fits; True when a page was started."""
        if self.y + height <= BOTTOM or self.y == self.top:
            return False
        self.new_page()
        return True


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def dot_date(d: date | None) -> str:
    return "—" if d is None else f"{d.year}.{d.month:02d}.{d.day:02d}"


def aware(moment: datetime) -> datetime:
    """Naive datetimes (SQLite drops the zone) are taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def pdf_date(moment: datetime) -> str:
    moment = aware(moment)
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{mins:02d}'"
