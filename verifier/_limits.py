"""Upload limits: size, type by magic bytes, image and PDF bombs — all before decoding — and the
work budget of one upload (pages, pixels, fallback searches, signatures), which is also what
the upload is charged against the client's rate limit.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from typing import Literal

from core.errors import InvalidInput

__all__ = [
    "MAX_FALLBACKS",
    "MAX_IMAGE_PIXELS",
    "MAX_PAGES_EXAMINED",
    "MAX_PDF_PAGES",
    "PAGE_PIXELS",
    "RENDER_BUDGET",
    "UPLOAD_RESERVE",
    "UPLOAD_SECONDS",
    "Kind",
    "UploadRefused",
    "Work",
    "check_image",
    "check_pdf_pages",
    "check_size",
    "sniff",
]

Kind = Literal["jpeg", "png", "webp", "pdf"]
#: An image larger than this is refused before decoding (a phone photo is 12–50 MP; the
#: decoder downsizes anything above ~4 MP anyway).
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 12_000
MAX_PDF_PAGES = 20
#: Largest accepted PDF page side in points (A3 is 1191 pt).
MAX_PDF_PAGE_POINTS = 2_000.0
#: A PDF page is rendered at 150 dpi or less, so that it has at most this many pixels (A4 at
#: 150 dpi is 2.2 MP; a 2000 pt square page would be 17 MP).
PAGE_PIXELS = 4_000_000
#: Pages of one PDF searched for the QR (the last page first: the booklet's QR page) …
MAX_PAGES_EXAMINED = 8
#: … and pixels rendered for one upload, PDF pages and photos alike (a photo's own pixel cap).
RENDER_BUDGET = MAX_IMAGE_PIXELS
#: The slow OpenCV search (four turns of a 2× enlargement: seconds on a big page) runs on at
#: most this many images of one upload, and never on one without ink.
MAX_FALLBACKS = 1
#: Wall-clock seconds one upload may take in the upload pool before its worker is killed.
UPLOAD_SECONDS = 10.0
#: Rate-limit tokens an upload must find before it is examined (its work is charged after).
UPLOAD_RESERVE = 4.0


@dataclass(slots=True)
class Work:
    """What examining one upload cost: the counts its rate-limit charge is made of."""

    pages: int = 0  # PDF pages rendered
    pixels: int = 0  # pixels rendered or decoded
    fallbacks: int = 0  # OpenCV searches
    signatures: int = 0  # PDF signatures validated
    timed_out: bool = False

    def units(self) -> float:
        """Rate-limit tokens for this work (an ordinary request costs 1)."""
        if self.timed_out:
            return 30.0
        return (self.pages + math.ceil(self.pixels / 4_000_000) + 4 * self.fallbacks
                + 2 * self.signatures)

    def room_for(self, pixels: int) -> bool:
        """Whether rendering ``pixels`` more stays within the upload's budget."""
        return self.pixels + pixels <= RENDER_BUDGET


class UploadRefused(InvalidInput):
    """An upload refused by size, type or dimensions; ``rule`` says which (HTTP 413/415/422)."""

    code = "upload_refused"


def _refuse(message: str, rule: str, status: int = 422) -> UploadRefused:
    exc = UploadRefused(message, field="file", rule=rule)
    exc.http_status = status
    return exc


def check_size(size: int, limit: int) -> None:
    """Refuse an upload over ``limit`` bytes (413) or an empty one."""
    if size > limit:
        raise _refuse(f"文件过大 upload is {size} bytes, limit {limit}", "upload_too_large", 413)
    if size == 0:
        raise _refuse("文件为空 upload is empty", "upload_empty")


def sniff(data: bytes) -> Kind:
    """The type by magic bytes (never by name or declared type): JPEG, PNG, WebP or PDF."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    # OFD files (ZIP) are taken before sniffing (verifier._uploads); the refusal names them too.
    raise _refuse("仅支持 JPEG、PNG、WebP 图片、PDF 或 OFD 电子证照 only JPEG, PNG, WebP, PDF or "
                  "OFD uploads", "unsupported_type", 415)


def check_image(data: bytes) -> tuple[int, int]:
    """Width and height from the image header; refuses image bombs without decoding pixels."""
    from PIL import Image

    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        _check_pixels(int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:  # lazy: reads the header only
                width, height = img.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse("图片尺寸过大 image dimensions too large", "image_too_large") from None
    except Exception as exc:  # Pillow raises many types for garbage
        raise _refuse(f"无法读取图片 unreadable image: {exc}", "unreadable_image") from None
    _check_pixels(width, height)
    return width, height


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
        raise _refuse(f"图片尺寸过大 image is {width}×{height}, limit "
                      f"{MAX_IMAGE_PIXELS // 1_000_000} MP", "image_too_large")


def check_pdf_pages(count: int, sizes: list[tuple[float, float]]) -> None:
    """Refuse PDFs with too many or too large pages before rendering any."""
    if count > MAX_PDF_PAGES:
        raise _refuse(f"PDF 页数过多 {count} pages, limit {MAX_PDF_PAGES}", "pdf_too_many_pages")
    for width, height in sizes:
        if max(width, height) > MAX_PDF_PAGE_POINTS:
            raise _refuse(f"PDF 页面过大 page {width:.0f}×{height:.0f} pt", "pdf_page_too_large")
