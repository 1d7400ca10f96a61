"""Upload limits: size, type by magic bytes, image and PDF bombs — all before decoding."""

from __future__ import annotations

import io
import warnings
from typing import Literal

from core.errors import InvalidInput

__all__ = [
    "MAX_IMAGE_PIXELS",
    "MAX_PDF_PAGES",
    "Kind",
    "UploadRefused",
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
    raise _refuse("仅支持 JPEG、PNG、WebP 图片或 PDF only JPEG, PNG, WebP or PDF uploads",
                  "unsupported_type", 415)


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
