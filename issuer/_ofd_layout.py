"""The booklet's pages as OFD page content, transcribed from the laid-out PDF pages.

One source of truth: issuer._pdf lays the booklet out once; this module reads back what each
page draws (text with every character's position, vector paths, images) from the MuPDF document
before it is saved, and writes it as GB/T 33190 page objects. So the OFD says exactly what the
PDF says, at the same places, and a change to the booklet changes both.

Units: OFD pages are in millimetres with the origin top left, like MuPDF's page space (in
points); a TextObject's Boundary is its span's box, TextCode X/Y the first character's baseline
origin inside it, DeltaX the advances between characters (to 0.001 mm).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

import pymupdf

from issuer._pdf_canvas import _font_for

__all__ = ["Glyphs", "PageLayout", "Picture", "Shape", "transcribe"]

MM = 25.4 / 72  # millimetres per point
Colour = tuple[int, int, int]


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


def _runs(span: dict[str, Any]) -> Iterator[Glyphs]:
    """A traced span cut into runs that one TextObject draws: one baseline, each character
    starting where the last ends, one font (the rule issuer._pdf_canvas used to pick it).
    MuPDF merges every string drawn in one font, size and colour into one span, across lines
    and table cells."""
    chars = span["chars"]
    fonts = [_font_for(chr(c[0])) for c in chars]
    gap = 0.3 * span["size"]
    start = 0
    for end in range(1, len(chars) + 1):
        if end < len(chars):
            prev, char = chars[end - 1], chars[end]
            if (char[2][1] == prev[2][1] and abs(char[2][0] - prev[3][2]) <= gap
                    and fonts[end] is fonts[end - 1]):
                continue
        part = chars[start:end]
        y0, y1 = span["bbox"][1], span["bbox"][3]
        yield Glyphs(font=fonts[start], size=span["size"],
                     colour=_colour(span["color"]),
                     box=(part[0][3][0], y0, max(part[-1][3][2], part[0][3][0] + 0.01), y1),
                     origins=tuple((c[2][0], c[2][1]) for c in part),
                     text="".join(chr(c[0]) for c in part))
        start = end


def _shape(path: dict[str, Any]) -> Shape:
    kind = path.get("type", "f")
    width = float(path.get("width") or 0.0) if "s" in kind else 0.0
    x0, y0, x1, y1 = path["rect"]
    pad = width / 2
    items = path["items"]
    if kind == "f" and len(items) > 8 and all(item[0] == "re" for item in items):
        items = _stacked(items)
    return Shape(items=tuple(items), box=(x0 - pad, y0 - pad, x1 + pad, y1 + pad),
                 fill=_colour(path["fill"]) if "f" in kind and path.get("fill") else None,
                 stroke=_colour(path["color"]) if "s" in kind and path.get("color") else None,
                 width=width)


def _stacked(items: Sequence[Any]) -> list[Any]:
    """Filled rectangles with the same left and right edges, each starting where the one above
    ends, as one taller rectangle: the same filled area (a fill is the union of its
    rectangles), in fewer path commands. The QR code's runs of dark modules are drawn so."""
    open_: dict[tuple[float, float], list[float]] = {}  # (x0, x1) -> [y0, y1] growing down
    out: list[list[float]] = []
    for _, (x0, y0, x1, y1), *_ in items:
        column = open_.get((x0, x1))
        if column is not None and abs(column[3] - y0) < 1e-3:
            column[3] = y1
        else:
            column = open_[(x0, x1)] = [x0, y0, x1, y1]
            out.append(column)
    return [("re", tuple(r), 1) for r in out]


def _pictures(doc: pymupdf.Document, page: pymupdf.Page) -> list[Picture]:
    """The page's images with their boxes. The boxes come from the page's bbox log (0.1 ms;
    get_image_info decodes every image: ~1 ms for a photo); a JPEG is taken as stored."""
    images = page.get_images(full=True)
    if not images:
        return []
    boxes = [box for kind, box in page.get_bboxlog() if kind == "fill-image"]
    if len(boxes) != len(images):  # an image drawn twice, or not at all: ask MuPDF
        placed = [(i["xref"], i["bbox"]) for i in page.get_image_info(xrefs=True)]
    else:
        placed = [(image[0], box) for image, box in zip(images, boxes, strict=True)]
    out = []
    for xref, box in placed:
        if doc.xref_get_key(xref, "Filter") == ("name", "/DCTDecode"):
            data, ext = doc.xref_stream_raw(xref), "jpeg"
        else:
            image = doc.extract_image(xref)
            data, ext = image["image"], image["ext"]
        out.append(Picture(data=data, ext=ext, box=tuple(box)))
    return out


def transcribe(doc: pymupdf.Document) -> list[PageLayout]:
    """Every page's text, paths and images, in painting order (images first: the booklet places
    its one photo before any vector or text of that page is written)."""
    pages = []
    for number in range(doc.page_count):
        page = doc[number]
        layout = PageLayout(width=page.rect.width, height=page.rect.height)
        layout.objects.extend(_pictures(doc, page))
        traced: list[tuple[int, int, Glyphs | Shape]] = []
        for span in page.get_texttrace():
            traced.extend((span["seqno"], 1, run) for run in _runs(span) if run.text.strip())
        traced.extend((path["seqno"], 0, _shape(path)) for path in page.get_cdrawings())
        traced.sort(key=lambda entry: (entry[0], entry[1]))
        layout.objects.extend(obj for _, _, obj in traced)
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


def text_xml(obj: Glyphs, oid: int, font_id: int) -> str:
    """One TextObject: one TextCode with X/Y of the first origin and DeltaX for the rest."""
    x0, y0 = obj.box[0], obj.box[1]
    (fx, fy), rest = obj.origins[0], obj.origins[1:]
    deltas = " ".join(["%.3f" % ((b[0] - a[0]) * MM) for a, b in zip(obj.origins, rest,
                                                                     strict=False)])
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
