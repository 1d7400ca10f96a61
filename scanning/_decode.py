"""File bytes → page images, within IngestLimits: sizes are read from the image header, the TIFF
directory or the PDF page boxes, and a file over a limit is refused before anything is decoded."""

from __future__ import annotations

import io
import math
import re
from pathlib import PurePosixPath

import cv2
import numpy as np
import pymupdf
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from core.errors import EcertError, InvalidInput, MalformedFile
from scanning._limits import DEFAULT_LIMITS, IngestLimits
from scanning._ocr import Image, u8

__all__ = ["BOOKLET_SUFFIXES", "PDF_DPI", "load_images"]

BOOKLET_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png", ".bmp", ".webp"})
PDF_DPI = 200


class _Budget:
    """Pages and pixels of one file, counted before decoding."""

    def __init__(self, name: str, limits: IngestLimits) -> None:
        self.name, self.limits, self.pixels = name, limits, 0

    def pages(self, count: int, *, more: bool = False) -> None:
        """``count`` pages (``more``: at least that many, the rest not counted)."""
        limit = self.limits.max_pages
        if count > limit:
            shown = f"超过 {limit} 页" if more else f"有 {count:,} 页，上限 {limit} 页"
            raise InvalidInput(f"文件 {self.name} {shown} too many pages (limit {limit})",
                               field="source", rule="too_many_pages")

    def page(self, width: int, height: int) -> None:
        pixels = width * height
        if pixels > self.limits.max_image_pixels:
            raise _image_too_large(self.name, f"{width} × {height}", self.limits)
        self.pixels += pixels
        if self.pixels > self.limits.max_file_pixels:
            raise InvalidInput(
                f"文件 {self.name} 各页共超过 {self.limits.max_file_pixels:,} 像素 "
                "pages too large together", field="source", rule="pages_too_large")


def _image_too_large(name: str, size: str, limits: IngestLimits) -> InvalidInput:
    return InvalidInput(
        f"图像 {name} 过大（{size} 像素，上限 {limits.max_image_pixels:,} 像素）image too large",
        field="source", rule="image_too_large")


def _header(data: bytes, name: str, limits: IngestLimits) -> PILImage.Image:
    """Open lazily: Pillow reads the header only. Its own bomb guard counts as too large."""
    try:
        return PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError as e:
        found = re.search(r"\((\d+) pixels\)", str(e))
        raise _image_too_large(name, f"{int(found[1]):,}" if found else "?", limits) from None
    except UnidentifiedImageError:
        raise MalformedFile(f"无法识别文件 {name} 的图像格式 not a recognised image",
                            field="source", rule="file_format") from None


def _pdf(data: bytes, budget: _Budget) -> list[Image]:
    out = []
    scale = PDF_DPI / 72
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        budget.pages(doc.page_count)
        for page in doc:
            budget.page(math.ceil(page.rect.width * scale), math.ceil(page.rect.height * scale))
        for page in doc:
            pix = page.get_pixmap(dpi=PDF_DPI, colorspace=pymupdf.csRGB, alpha=False)
            arr = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
            out.append(arr.copy())
    return out


def _tiff(data: bytes, budget: _Budget) -> list[Image]:
    with _header(data, budget.name, budget.limits) as im:
        sizes = []
        for index in range(budget.limits.max_pages + 1):  # directories only, no pixels yet
            try:
                im.seek(index)
            except EOFError:
                break
            sizes.append(im.size)
        budget.pages(len(sizes), more=True)
        for width, height in sizes:
            budget.page(width, height)
        out = []
        for index in range(len(sizes)):
            im.seek(index)
            out.append(np.asarray(im.convert("RGB")).copy())
    return out


def _image(data: bytes, budget: _Budget) -> list[Image]:
    with _header(data, budget.name, budget.limits) as im:
        budget.page(*im.size)
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return [] if bgr is None else [u8(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))]


def load_images(data: bytes, name: str, limits: IngestLimits = DEFAULT_LIMITS) -> list[Image]:
    """Every page image (RGB) of a PDF, TIFF or single image file, within ``limits``."""
    suffix = PurePosixPath(name).suffix.lower()
    budget = _Budget(name, limits)
    try:
        if suffix == ".pdf":
            images = _pdf(data, budget)
        elif suffix in (".tif", ".tiff"):
            images = _tiff(data, budget)
        else:
            images = _image(data, budget)
    except EcertError:
        raise
    except Exception as e:  # decoders raise many unrelated types for damaged files
        raise MalformedFile(f"无法解码文件 {name}：{e}", field="source", rule="file_format") from e
    if not images:
        raise MalformedFile(f"文件 {name} 不含可读取的页面", field="source", rule="file_format")
    return images
