"""Find the credential QR in an uploaded photo, screenshot or PDF.

zxing-cpp first (it reads small, rotated and skewed symbols); OpenCV's detector as the fallback,
on a 2× enlargement and in four rotations, because it misses modules of ~3 px. The caller has
already sniffed the type and checked the size (``_limits``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from core.errors import EcertError, InvalidInput
from keys import check_pdf_signature
from verifier._limits import (
    MAX_FALLBACKS,
    MAX_PAGES_EXAMINED,
    PAGE_PIXELS,
    Kind,
    Work,
    check_image,
    check_pdf_pages,
    sniff,
)
from verifier._verdict import Check

__all__ = [
    "Decoded",
    "NoQrFound",
    "decode_upload",
    "find_qr_texts",
    "pdf_signature_check",
    "render_pdf_pages",
]

#: PDF pages are rendered at this resolution (a 39 mm symbol gets ~3.5 px modules).
PDF_DPI = 150
#: QR texts of one upload that are verified (a page of a hundred symbols is not a hundred lookups).
MAX_QR_TEXTS = 4
#: Larger photos are shrunk to about this many pixels before OpenCV (zxing downsizes itself).
_FALLBACK_PIXELS = 2_000_000

Image = NDArray[np.uint8]


class NoQrFound(InvalidInput):
    """The upload holds no readable QR code."""

    code = "no_qr_found"


@dataclass(frozen=True, slots=True)
class Decoded:
    """What the upload yielded: QR texts in reading order, and the PDF itself if it was one."""

    kind: Kind
    texts: tuple[str, ...]
    pdf: bytes | None = None


def _to_gray(data: bytes) -> Image:
    import cv2

    buf = np.frombuffer(data, dtype=np.uint8)
    img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    if img is None:
        raise InvalidInput("无法解码图片 the image cannot be decoded", field="file",
                           rule="unreadable_image")
    return np.asarray(img, dtype=np.uint8)


def _zxing(img: Image) -> list[str]:
    import zxingcpp

    found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormats(
        [zxingcpp.BarcodeFormat.QRCode]))
    return [b.text for b in found if b.text]


def _opencv(img: Image) -> list[str]:
    import cv2

    pixels = img.shape[0] * img.shape[1]
    scale = 2.0 * min(1.0, (_FALLBACK_PIXELS / pixels) ** 0.5)
    big = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    detector = cv2.QRCodeDetector()
    for turn in (None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE):
        view = big if turn is None else cv2.rotate(big, turn)
        text, _points, _ = detector.detectAndDecode(view)
        if text:
            return [str(text)]
    return []


def find_qr_texts(img: Image, work: Work | None = None) -> list[str]:
    """Every QR text in a grayscale image: zxing-cpp, else OpenCV (within the fallback budget)."""
    found = _zxing(img)
    if found or (work is not None and work.fallbacks >= MAX_FALLBACKS) or _inkless(img):
        return found
    if work is not None:
        work.fallbacks += 1
    return _opencv(img)


def _inkless(img: Image) -> bool:
    """A blank page or photo (no dark module anywhere): nothing for the slow search to find."""
    return img.size == 0 or int(img.max()) - int(img.min()) < 48


def _page_order(count: int) -> list[int]:
    # The booklet's QR is on its last page; other PDFs most likely carry it on the first.
    return [count - 1, *range(count - 1)][:MAX_PAGES_EXAMINED] if count else []


def render_pdf_pages(pdf: bytes, work: Work | None = None) -> Iterator[Image]:
    """Grayscale renderings of a PDF's pages (the last first) at PDF_DPI or less, so that a
    page has at most PAGE_PIXELS; stops at MAX_PAGES_EXAMINED pages or the pixel budget."""
    import pymupdf

    work = work if work is not None else Work()
    try:
        doc = pymupdf.open(stream=pdf, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own types for broken files
        raise _unreadable_pdf(exc) from None
    with doc:
        check_pdf_pages(doc.page_count, [])  # the count first: loading pages costs too
        order = _page_order(doc.page_count)
        try:  # a damaged page tree fails only here (FzErrorFormat "malformed page tree")
            pages = [doc[number] for number in order]
        except Exception as exc:
            raise _unreadable_pdf(exc) from None
        check_pdf_pages(doc.page_count, [(p.rect.width, p.rect.height) for p in pages])
        for page in pages:
            zoom = _zoom(page.rect.width, page.rect.height)
            width, height = (math.ceil(page.rect.width * zoom), math.ceil(page.rect.height * zoom))
            if not work.room_for(width * height):
                return
            try:
                pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom),
                                      colorspace=pymupdf.csGRAY, alpha=False)
            except Exception as exc:  # a broken content stream
                raise _unreadable_pdf(exc) from None
            work.pages += 1
            work.pixels += pix.width * pix.height
            arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
            yield arr.copy()


def _unreadable_pdf(exc: Exception) -> InvalidInput:
    return InvalidInput(f"无法读取 PDF unreadable PDF: {exc}", field="file", rule="unreadable_pdf")


def _zoom(width: float, height: float) -> float:
    """PDF_DPI, or less so that the page fits PAGE_PIXELS."""
    zoom = PDF_DPI / 72.0
    area = max(width * height, 1.0) * zoom * zoom
    return zoom if area <= PAGE_PIXELS else zoom * math.sqrt(PAGE_PIXELS / area) * 0.999


def decode_upload(data: bytes, work: Work | None = None) -> Decoded:
    """Sniff, check and decode one upload within its work budget (counted in ``work``);
    raises NoQrFound when nothing readable is in it."""
    work = work if work is not None else Work()
    kind = sniff(data)
    texts: list[str] = []
    if kind == "pdf":
        for page in render_pdf_pages(data, work):
            texts += find_qr_texts(page, work)
            if texts:
                break
    else:
        width, height = check_image(data)
        work.pixels += width * height
        texts = find_qr_texts(_to_gray(data), work)
    if not texts:
        raise NoQrFound("未找到二维码 no QR code found in the upload", field="file",
                        rule="no_qr_found")
    return Decoded(kind, tuple(texts[:MAX_QR_TEXTS]), data if kind == "pdf" else None)


def pdf_signature_check(pdf: bytes, trust_roots: list[bytes], work: Work | None = None) -> Check:
    """The PAdES signature of an uploaded PDF as one check entry (signatures counted in work)."""
    if not trust_roots:
        return Check("pdf_signature", "skip", "the trust list carries no CA certificate")
    try:
        result = check_pdf_signature(pdf, trust_roots=trust_roots)
    except EcertError as exc:
        return Check("pdf_signature", "fail", exc.message)
    if work is not None:
        work.signatures += result.signatures
    who = f" ({result.signer_subject})" if result.signer_subject else ""
    return Check("pdf_signature", "pass" if result.ok else "fail", f"{result.message}{who}")
