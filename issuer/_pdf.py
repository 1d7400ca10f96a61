"""Render the holder's certificate booklet as a PDF (PyMuPDF), ready for signing.

Pages: cover, photo, information, remarks (备注), periodic registration (定期注册), verification.
Remarks and registration flow onto continuation pages when they do not fit. Fonts are embedded
and subsetted (see _pdf_canvas); the QR code is drawn as one vector path, never as an image.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pymupdf

from core.errors import InvalidInput
from issuer._booklet import Annotation, BookletView, Registration
from issuer._pdf_canvas import (
    BLACK,
    CRIMSON,
    CW,
    GOLD,
    GREY,
    MM,
    RULE,
    WHITE,
    Canvas,
    Flow,
    H,
    M,
    W,
    aware,
    cn_date,
    dot_date,
    pdf_date,
    text_width,
    undrawable,
    wrap,
)

__all__ = ["render_booklet_pdf"]

QR_SIDE = 180.0  # incl. the 4-module quiet zone: ≥ 2.5 pt (5 px at 150 dpi) per module at v10


def _cover(doc: pymupdf.Document) -> list[Canvas]:
    canvas = Canvas(doc)
    canvas.rect(pymupdf.Rect(0, 0, W, H), stroke=None, fill=CRIMSON)
    canvas.rect(pymupdf.Rect(14, 14, W - 14, H - 14), stroke=GOLD)
    canvas.rect(pymupdf.Rect(19, 19, W - 19, H - 19), stroke=GOLD)
    canvas.centred(176, "中华人民共和国", 19, GOLD)
    canvas.centred(238, "教师资格证书", 34, GOLD)
    canvas.line(W / 2 - 90, 262, W / 2 + 90, 262, GOLD)
    canvas.centred(282, "TEACHER QUALIFICATION CERTIFICATE", 8.5, GOLD)
    canvas.centred(H - 78, "教育部制", 14, GOLD)
    canvas.centred(H - 52, "电子证照 · Electronic copy", 8, GOLD)
    return [canvas]


def _photo_page(doc: pymupdf.Document, photo: bytes | None) -> list[Canvas]:
    canvas = Canvas(doc)
    box = pymupdf.Rect(0, 0, 33 * MM, 48 * MM) + (W / 2 - 16.5 * MM, 80, W / 2 - 16.5 * MM, 80)
    canvas.rect(box, stroke=RULE)
    if photo is None:
        canvas.centred(box.y0 + box.height / 2 + 5, "无照片", 14, GREY)
        canvas.centred(box.y0 + box.height / 2 + 22, "No photo", 8, GREY)
    else:
        inner = box + (1, 1, -1, -1)
        canvas.images.append((_insert_photo(canvas.page, inner, photo), tuple(inner)))
    y = box.y1 + 90
    end = canvas.text(M + 10, y, "持证人签名", 12)
    canvas.line(end + 8, y + 3, W - M - 10, y + 3, GREY)
    canvas.text(M + 10, y + 18, "Holder's signature", 8, GREY)
    return [canvas]


def _insert_photo(page: pymupdf.Page, box: pymupdf.Rect, photo: bytes) -> int:
    """Place the photo in ``box`` keeping its proportions; its image xref."""
    if not photo.startswith(b"\xff\xd8"):
        raise InvalidInput("photo_jpeg is not a JPEG image", field="photo_jpeg", rule="jpeg")
    try:
        xref: int = page.insert_image(box, stream=photo, keep_proportion=True)
        return xref
    except Exception as exc:  # MuPDF raises plain RuntimeError/ValueError subclasses
        raise InvalidInput(
            f"photo_jpeg cannot be decoded: {exc}", field="photo_jpeg", rule="jpeg"
        ) from exc


def _information_page(doc: pymupdf.Document, view: BookletView) -> list[Canvas]:
    canvas = Canvas(doc)
    canvas.centred(62, "教师资格证书", 18)
    canvas.line(M, 76, W - M, 76, GREY)
    rows = [("姓名", view.name), ("性别", view.gender)]
    if view.ethnicity:
        rows.append(("民族", view.ethnicity))
    rows += [
        ("身份证件号码", view.masked_id),
        ("资格种类", view.qualification_label),
        ("任教学科", view.subject),
        ("证书号码", view.certificate_number),
        ("发证机关", view.authority_name),
        ("颁发日期", cn_date(view.issue_date)),
    ]
    y = 104.0
    for label, value in rows:
        lines = wrap(value, CW - 96, 12)
        canvas.text(M, y, label, 10.5, GREY)
        for i, line in enumerate(lines):
            canvas.text(M + 96, y + 16 * i, line, 12)
        y += 16 * (len(lines) - 1) + 10
        canvas.line(M, y, W - M, y)
        y += 22
    note = "本电子证照经发证机关数字签名；扫描核验页二维码可核验真伪与注册状态。"
    for i, line in enumerate(wrap(note, CW, 8.5)):
        canvas.text(M, y + 8 + 12 * i, line, 8.5, GREY)
    return [canvas]


def _remarks(doc: pymupdf.Document, annotations: Sequence[Annotation]) -> list[Canvas]:
    flow = Flow(doc, "备注")
    if not annotations:
        flow.canvas.centred(flow.y + 40, "暂无备注", 12, GREY)
    for when, kind, text, authority in annotations:
        lines = wrap(text, CW - 12, 10.5)
        flow.need(16 + 15 * len(lines) + 34)
        canvas, y = flow.canvas, flow.y
        end = canvas.text(M, y, cn_date(when), 11)
        canvas.text(end + 12, y, kind, 11)
        for i, line in enumerate(lines):
            canvas.text(M + 12, y + 18 + 15 * i, line, 10.5)
        y += 18 + 15 * len(lines) + 2
        canvas.right(W - M, y, f"—— {authority}", 9.5, GREY)
        canvas.line(M, y + 10, W - M, y + 10)
        flow.y = y + 30
    return flow.canvases


_COLUMNS = (("注册结论", 66.0), ("注册有效期", 104.0), ("注册机关", 107.0), ("注册日期", 66.0))


def _registration_cells(entry: Registration) -> list[list[str]]:
    conclusion, valid_from, valid_until, authority, decided = entry
    if valid_from is None and valid_until is None:
        period = ["—"]
    else:
        period = [f"自 {dot_date(valid_from)}", f"至 {dot_date(valid_until)}"]
    cells = [[conclusion], period, [authority], [dot_date(decided)]]
    return [
        [part for line in cell for part in wrap(line, width - 8, 9.5)]
        for cell, (_, width) in zip(cells, _COLUMNS, strict=True)
    ]


def _table_header(flow: Flow) -> None:
    canvas, x = flow.canvas, M
    canvas.rect(pymupdf.Rect(M, flow.y, W - M, flow.y + 22), stroke=RULE, fill=(0.93, 0.93, 0.93))
    for label, width in _COLUMNS:
        canvas.text(x + 4, flow.y + 15, label, 9.5)
        x += width
    flow.y += 22


def _registrations(doc: pymupdf.Document, registrations: Sequence[Registration]) -> list[Canvas]:
    flow = Flow(doc, "定期注册")
    if not registrations:
        flow.canvas.centred(flow.y + 40, "暂无注册记录", 12, GREY)
        flow.canvas.centred(flow.y + 58, "No registration recorded", 8, GREY)
        return flow.canvases
    _table_header(flow)
    for entry in registrations:
        cells = _registration_cells(entry)
        height = 13.0 * max(len(c) for c in cells) + 10
        if flow.need(height):
            _table_header(flow)
        canvas, x = flow.canvas, M
        for cell, (_, width) in zip(cells, _COLUMNS, strict=True):
            for i, line in enumerate(cell):
                canvas.text(x + 4, flow.y + 15 + 13 * i, line, 9.5)
            canvas.line(x, flow.y, x, flow.y + height)
            x += width
        canvas.line(W - M, flow.y, W - M, flow.y + height)
        canvas.line(M, flow.y + height, W - M, flow.y + height)
        flow.y += height
    return flow.canvases


def draw_qr(canvas: Canvas, matrix: Sequence[Sequence[bool]], area: pymupdf.Rect) -> None:
    """Draw the QR modules as one filled vector path, adding the 4-module quiet zone."""
    modules = len(matrix) + 8
    unit = area.width / modules
    canvas.rect(area, stroke=None, fill=WHITE)
    ops: list[str] = []
    rects: list[tuple[float, float, float, float]] = []
    for row_index, row in enumerate(matrix):
        # PDF user space has y upwards; our pages have a zero-origin MediaBox of height H
        y = H - area.y0 - (row_index + 5) * unit
        top = area.y0 + (row_index + 4) * unit
        start = None
        for col, dark in enumerate([*row, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                x = area.x0 + (start + 4) * unit
                ops.append(f"{x:.3f} {y:.3f} {(col - start) * unit:.3f} {unit:.3f} re\n")
                rects.append((x, top, x + (col - start) * unit, top + unit))
                start = None
    # Shape.draw_rect costs ~30 µs a call; writing the operators directly is 20× faster
    canvas.fill_path("".join(ops), BLACK, rects)


def _verification_page(doc: pymupdf.Document, view: BookletView) -> list[Canvas]:
    canvas = Canvas(doc)
    canvas.centred(54, "电子证照核验", 17)
    canvas.centred(70, "Verification", 9, GREY)
    area = pymupdf.Rect(0, 0, QR_SIDE, QR_SIDE) + ((W - QR_SIDE) / 2, 80, (W - QR_SIDE) / 2, 80)
    draw_qr(canvas, view.qr_matrix, area)
    y = area.y1 + 16
    canvas.centred(y, "用手机相机扫描二维码核验真伪与注册状态", 11)
    canvas.centred(y + 15, "Scan with a phone camera to verify", 8.5, GREY)
    rows = [
        ("证书号码", "Certificate No.", view.certificate_number),
        ("签发时间", "Issued at", aware(view.issued_at).isoformat(sep=" ", timespec="seconds")),
        ("证照版本", "Credential version", str(view.credential_version)),
        ("签发时状态", "Status at issue", view.status_label),
    ]
    y += 44
    for zh, en, value in rows:
        canvas.text(M + 8, y, zh, 9.5, GREY)
        canvas.text(M + 8, y + 10, en, 6.5, GREY)
        canvas.text(M + 112, y + 2, value, 11)
        y += 27
    if view.licence_id:
        y = _licence_id_row(canvas, y, view.licence_id)
    note = (
        "本文件经发证机关数字签名，任何改动都会使签名失效。"
        "Signed by the issuing authority; any change invalidates the signature."
    )
    for i, line in enumerate(wrap(note, CW - 16, 7.5)):
        canvas.text(M + 8, y + 4 + 11 * i, line, 7.5, GREY)
    return [canvas]


def _licence_id_row(canvas: Canvas, y: float, licence_id: str) -> float:
    """The GB/T 36904 identifier, small and broken only at its dots (it is ~80 characters)."""
    canvas.text(M + 8, y, "电子证照标识", 9.5, GREY)
    canvas.text(M + 8, y + 10, "Licence ID", 6.5, GREY)
    size, width, lines = 7.5, CW - 120, [""]
    for part in licence_id.split("."):
        joined = f"{lines[-1]}.{part}" if lines[-1] else part
        if lines[-1] and text_width(joined + ".", size) > width:
            lines[-1] += "."
            lines.append(part)
        else:
            lines[-1] = joined
    for i, line in enumerate(lines):
        canvas.text(M + 112, y + 1 + 9.5 * i, line, size)
    return y + max(27.0, 9.5 * len(lines) + 12)


def _footers(canvases: Sequence[Canvas], number: str) -> None:
    total = len(canvases)
    for index, canvas in enumerate(canvases[1:], start=2):
        canvas.centred(H - 24, f"证书号码 {number}  ·  第 {index} 页 / 共 {total} 页", 7.5, GREY)


def _set_metadata(doc: pymupdf.Document, view: BookletView) -> None:
    stamp = pdf_date(view.issued_at)
    doc.set_metadata(
        {
            "title": f"教师资格证书 {view.certificate_number}",
            "author": view.authority_name,
            "subject": "教师资格证书电子证照",
            "keywords": view.certificate_number,
            "creator": "ecert",
            "producer": "ecert",
            "creationDate": stamp,
            "modDate": stamp,
        }
    )


def build_document(view: BookletView) -> pymupdf.Document:
    """Lay out every booklet page (fonts not yet subsetted)."""
    return build_pages(view)[0]


def build_pages(view: BookletView) -> tuple[pymupdf.Document, list[Canvas]]:
    """Lay out every booklet page (fonts not yet subsetted); the canvases, in page order, keep
    what each page draws."""
    doc = pymupdf.open()
    try:
        canvases = [
            *_cover(doc),
            *_photo_page(doc, view.photo_jpeg),
            *_information_page(doc, view),
            *_remarks(doc, view.annotations),
            *_registrations(doc, view.registrations),
            *_verification_page(doc, view),
        ]
    except BaseException:
        doc.close()
        raise
    # footers need the page count, so every page is laid out before anything is written
    _footers(canvases, view.certificate_number)
    for canvas in canvases:
        canvas.flush()
    _set_metadata(doc, view)
    return doc, sorted(canvases, key=lambda canvas: canvas.number)


def save_document(doc: pymupdf.Document) -> bytes:
    """Serialise a laid-out document; same view → same bytes (no random /ID)."""
    # Deflate effort 20 (zlib level ~2) halves the save time for +8 % size: most bytes are the
    # subset font's loca/hmtx tables, which MuPDF keeps at full glyph count and compress easily.
    pdf: bytes = doc.tobytes(
        garbage=3, deflate=True, no_new_id=True, compression_effort=20, use_objstms=1
    )
    return pdf


def finish_document(doc: pymupdf.Document) -> bytes:
    """Subset the embedded fonts and serialise."""
    doc.subset_fonts()
    return save_document(doc)


def _printed_texts(view: BookletView) -> Iterator[tuple[str, str]]:
    yield from (
        ("certificate_number", view.certificate_number),
        ("name", view.name),
        ("ethnicity", view.ethnicity or ""),
        ("masked_id", view.masked_id),
        ("qualification_label", view.qualification_label),
        ("subject", view.subject),
        ("authority_name", view.authority_name),
        ("status_label", view.status_label),
    )
    for index, (_, kind, text, authority) in enumerate(view.annotations):
        yield f"annotations[{index}]", kind + text + authority
    for index, (conclusion, _, _, authority, _) in enumerate(view.registrations):
        yield f"registrations[{index}]", conclusion + authority


def check_printable(view: BookletView) -> None:
    """Refuse text the fonts cannot draw: a certificate must never print a silent blank box."""
    for field, text in _printed_texts(view):
        missing = undrawable(text)
        if missing:
            codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(missing))
            raise InvalidInput(
                f"{field} contains characters no embedded font can draw: {codes}",
                field=field,
                rule="printable",
            )


def render_booklet_pdf(view: BookletView) -> bytes:
    """Render the whole booklet as an unsigned PDF (25开, embedded subsetted fonts, vector QR)."""
    check_printable(view)
    doc = build_document(view)
    try:
        return finish_document(doc)
    finally:
        doc.close()
