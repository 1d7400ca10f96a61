"""The booklet's pages as OFD page content, made from the same drawing calls as the PDF pages.

One source of truth: issuer._pdf lays the booklet out once; each page's canvas
(issuer._pdf_canvas) keeps what it draws into the PDF (text runs with their fonts and advances,
lines, rectangles, the QR code's rectangles; the photo is read from the document), and this
module writes that as GB/T 33190 page objects. So the OFD says exactly what the
PDF says, at the same places, and a change to the booklet changes both.

Units: OFD pages are in millimetres with the origin top left, like MuPDF's page space (in
points); a TextObject's Boundary is its span's box, TextCode X/Y the first character's baseline
origin inside it, DeltaX the advances between characters (to 0.001 mm).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

import pymupdf

from issuer._pdf_canvas import Box, Canvas, Color, H, TextRun, Vector, W, _advance

__all__ = ["Glyphs", "PageLayout", "Picture", "Shape", "layout_pages"]

MM = 25.4 / 72  # millimetres per point
Colour = tuple[int, int, int]
#: the canvas's stroke widths (issuer._pdf_canvas: "0.6 w" for lines, "0.8 w" for rectangles)
LINE_WIDTH, RECT_WIDTH = 0.6, 0.8


@functools.lru_cache(maxsize=8192)  # a booklet repeats its margins, sizes and line heights
def num(value: float) -> str:
    """A coordinate in millimetres: three decimals (1 µm), no trailing zeros, never '-0'."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _box(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{num(x0 * MM)} {num(y0 * MM)} {num((x1 - x0) * MM)} {num((y1 - y0) * MM)}"


def _colour(rgb: Sequence[float]) -> Colour:
    r, g, b = (round(255 * c) for c in rgb[:3])
    return r, g, b


class Glyphs(NamedTuple):
    """A run of characters in one font, size and colour (one TextObject)."""

    font: pymupdf.Font
    size: float  # points
    colour: Colour
    box: tuple[float, float, float, float]  # points, page space
    origins: tuple[tuple[float, float], ...]
    text: str


class Shape(NamedTuple):
    """A vector path: its items in page space (points), filled and/or stroked."""

    items: tuple[Any, ...]
    box: tuple[float, float, float, float]
    fill: Colour | None
    stroke: Colour | None
    width: float


class Picture(NamedTuple):
    """An image placed on a page: its file bytes, format and box (points)."""

    data: bytes
    ext: str
    box: tuple[float, float, float, float]


@dataclass
class PageLayout:
    """One page: its size in points and what it draws, in painting order."""

    width: float
    height: float
    objects: list[Glyphs | Shape | Picture] = field(default_factory=list)

    def chars(self) -> Iterator[tuple[pymupdf.Font, str]]:
        for obj in self.objects:
            if isinstance(obj, Glyphs):
                yield obj.font, obj.text


#: MuPDF's text box around a baseline (its text trace says so for both embedded fonts): 0.8 of
#: the size above, 0.2 below
_ASCENT, _DESCENT = 0.8, 0.2


@functools.lru_cache(maxsize=16384)
def _pdf_advance(char: str) -> float:
    """A character's advance as the PDF places it: MuPDF writes the font's widths in whole
    1/1000 em, truncated."""
    return int(_advance(char) * 1000) / 1000


def _glyphs(run: TextRun, colour: Colour) -> Glyphs:
    """One drawn run: each character's origin as the PDF's text places it (the run starts where
    the canvas drew it; the advances are the font's widths in the PDF)."""
    font, x, y, text, size = run
    origins, here = [], x
    for char in text:
        origins.append((here, y))
        here += size * _pdf_advance(char)
    return Glyphs(font=font, size=size, colour=colour,
                  box=(x, y - _ASCENT * size, max(here, x + 0.01), y + _DESCENT * size),
                  origins=tuple(origins), text=text)


def _vector(drawn: Vector) -> Shape:
    """A drawn line, rectangle or filled path of rectangles, as the PDF paints it."""
    kind, geometry, *colours = drawn
    if kind == "line":
        x0, y0, x1, y1 = geometry
        return _shape((("l", (x0, y0), (x1, y1)),), geometry, None, colours[0], LINE_WIDTH)
    if kind == "rect":
        stroke, fill = colours
        return _shape((("re", geometry, 1),), geometry, fill, stroke,
                      RECT_WIDTH if stroke is not None else 0.0)
    rects = _stacked(geometry)
    box = (min(r[0] for r in rects), min(r[1] for r in rects),
           max(r[2] for r in rects), max(r[3] for r in rects))
    return _shape([("re", r, 1) for r in rects], box, colours[0], None, 0.0)


def _shape(items: Sequence[Any], rect: Sequence[float], fill: Color | None,
           stroke: Color | None, width: float) -> Shape:
    x0, y0, x1, y1 = (min(rect[0], rect[2]), min(rect[1], rect[3]),
                      max(rect[0], rect[2]), max(rect[1], rect[3]))
    pad = width / 2
    return Shape(items=tuple(items), box=(x0 - pad, y0 - pad, x1 + pad, y1 + pad),
                 fill=_colour(fill) if fill is not None else None,
                 stroke=_colour(stroke) if stroke is not None else None, width=width)


def _stacked(rects: Sequence[Sequence[float]]) -> list[tuple[float, ...]]:
    """Filled rectangles with the same left and right edges, each starting where the one above
    ends, as one taller rectangle: the same filled area (a fill is the union of its
    rectangles), in fewer path commands. The QR code's runs of dark modules are drawn so."""
    open_: dict[tuple[float, float], list[float]] = {}  # (x0, x1) -> [y0, y1] growing down
    out: list[list[float]] = []
    for x0, y0, x1, y1 in rects:
        column = open_.get((x0, x1))
        if column is not None and abs(column[3] - y0) < 1e-3:
            column[3] = y1
        else:
            column = open_[(x0, x1)] = [x0, y0, x1, y1]
            out.append(column)
    return [tuple(r) for r in out]


#: our pages' transformation from PDF user space (y up, zero-origin MediaBox of height H)
_PAGE_SPACE = pymupdf.Matrix(1, 0, 0, -1, 0, H)


def _pictures(doc: pymupdf.Document, images: Sequence[tuple[int, Box]]) -> list[Picture]:
    """The page's images: each one's placed box as ``Page.insert_image(keep_proportion=True)``
    computes it (its image matrix from the image's size and the box it was fitted into; no
    page is run), a JPEG taken as stored."""
    out = []
    for xref, target in images:
        width = int(doc.xref_get_key(xref, "Width")[1])
        height = int(doc.xref_get_key(xref, "Height")[1])
        matrix = pymupdf.calc_image_matrix(width, height, pymupdf.Rect(target) * ~_PAGE_SPACE,
                                           0, True)
        box = pymupdf.Rect(0, 0, 1, 1) * matrix * _PAGE_SPACE
        if doc.xref_get_key(xref, "Filter") == ("name", "/DCTDecode"):
            data, ext = doc.xref_stream_raw(xref), "jpeg"
        else:
            image = doc.extract_image(xref)
            data, ext = image["image"], image["ext"]
        out.append(Picture(data=data, ext=ext, box=tuple(box)))
    return out


def layout_pages(doc: pymupdf.Document, canvases: Sequence[Canvas]) -> list[PageLayout]:
    """Every page's images, paths and text in the PDF's painting order, from what its canvas
    drew (issuer._pdf_canvas keeps it): the photo (placed before anything else on its page),
    the vectors, then the text colour by colour."""
    pages = []
    for canvas in canvases:
        layout = PageLayout(width=W, height=H)
        layout.objects.extend(_pictures(doc, canvas.images))
        layout.objects.extend(_vector(drawn) for drawn in canvas.vectors)
        for colour, runs in canvas.texts.items():
            rgb = _colour(colour)
            layout.objects.extend(_glyphs(run, rgb) for run in runs if run[3].strip())
        pages.append(layout)
    return pages


# --- OFD page XML ------------------------------------------------------------------------------


def _path_data(items: Sequence[Any], ox: float, oy: float) -> str:
    """AbbreviatedData (GB/T 33190 §9.3.2) relative to the boundary's origin, in millimetres
    to 0.01 mm (the QR code alone is ~900 rectangles: one format call per item)."""
    out: list[str] = []
    here: tuple[float, float] | None = None
    for item in items:
        op = item[0]
        if op == "re":
            x0, y0, x1, y1 = ((item[1][0] - ox) * MM, (item[1][1] - oy) * MM,
                              (item[1][2] - ox) * MM, (item[1][3] - oy) * MM)
            out.append(_RECT % (x0, y0, x1, y0, x1, y1, x0, y1))
            here = None
        elif op == "qu":
            q = [((item[1][i] - ox) * MM, (item[1][i + 1] - oy) * MM) for i in (0, 2, 6, 4)]
            out.append(_RECT % (*q[0], *q[1], *q[2], *q[3]))
            here = None
        else:
            points = [((p[0] - ox) * MM, (p[1] - oy) * MM) for p in item[1:]]
            if here != tuple(item[1]):
                out.append(f"M {points[0][0]:.2f} {points[0][1]:.2f}")
            out.append(("L %.2f %.2f" if op == "l" else "B %.2f %.2f %.2f %.2f %.2f %.2f")
                       % tuple(c for p in points[1:] for c in p))
            here = tuple(item[-1])
    return " ".join(out)


_RECT = "M %.2f %.2f L %.2f %.2f L %.2f %.2f L %.2f %.2f C"


def _rgb(tag: str, colour: Colour) -> str:
    return f'<ofd:{tag} Value="{colour[0]} {colour[1]} {colour[2]}"/>'


@functools.lru_cache(maxsize=8192)  # advances repeat: a few sizes of mostly square CJK glyphs
def _delta(points: float) -> str:
    return "%.3f" % (points * MM)


def text_xml(obj: Glyphs, oid: int, font_id: int) -> str:
    """One TextObject: one TextCode with X/Y of the first origin and DeltaX for the rest."""
    x0, y0 = obj.box[0], obj.box[1]
    (fx, fy), rest = obj.origins[0], obj.origins[1:]
    deltas = " ".join([_delta(b[0] - a[0]) for a, b in zip(obj.origins, rest, strict=False)])
    delta = f" DeltaX={quoteattr(deltas)}" if deltas else ""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{_box(*obj.box)}" Font="{font_id}" '
            f'Size="{num(obj.size * MM)}">{_rgb("FillColor", obj.colour)}'
            f'<ofd:TextCode X="{num((fx - x0) * MM)}" Y="{num((fy - y0) * MM)}"{delta}>'
            f"{escape(obj.text)}</ofd:TextCode></ofd:TextObject>")


def shape_xml(obj: Shape, oid: int) -> str:
    """One PathObject (fill and stroke as the PDF paints them)."""
    attrs = f' LineWidth="{num(obj.width * MM)}"' if obj.stroke else ""
    attrs += ' Stroke="false"' if obj.stroke is None else ""
    attrs += ' Fill="true"' if obj.fill is not None else ""
    colours = (_rgb("StrokeColor", obj.stroke) if obj.stroke else "") + (
        _rgb("FillColor", obj.fill) if obj.fill else "")
    data = _path_data(obj.items, obj.box[0], obj.box[1])
    return (f'<ofd:PathObject ID="{oid}" Boundary="{_box(*obj.box)}"{attrs}>{colours}'
            f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>")


def picture_xml(obj: Picture, oid: int, resource_id: int) -> str:
    """One ImageObject: the image's unit square scaled onto its box by the CTM."""
    x0, y0, x1, y1 = obj.box
    return (f'<ofd:ImageObject ID="{oid}" Boundary="{_box(*obj.box)}" '
            f'CTM="{num((x1 - x0) * MM)} 0 0 {num((y1 - y0) * MM)} 0 0" '
            f'ResourceID="{resource_id}"/>')
