"""How the second generator's booklets reach the scanner: flatbed scans and phone photos.

Flatbed: 100–300 dpi, optional greyscale, bleed-through of the facing page, a shadow along the
binding, fold lines, skew up to 4°, JPEG quality 35–95. Phone: the page or the open spread on a
desk, perspective up to 12 % of the page width, uneven light, glare, motion blur. Files: PDF
(PyMuPDF, pages as JPEG), multi-page TIFF, one stitched PNG (turned by 90/180/270°) or JPEG.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import cv2
import numpy as np
import pymupdf as fitz
from PIL import Image

from bench._othergen_draw import RENDER_DPI

KINDS = ("scanner_pdf", "scanner_tiff", "greyscale_pdf", "spread_pdf", "rotated_png",
         "phone_jpg", "phone_pdf")
KIND_WEIGHTS = (20, 12, 12, 14, 10, 16, 16)


def join(pages: list[tuple[str, Image.Image]]) -> tuple[str, Image.Image]:
    """Pages side by side, as an open booklet lies on the glass; roles joined with '+'."""
    img = Image.new("RGB", (sum(i.width for _, i in pages), max(i.height for _, i in pages)),
                    (250, 250, 250))
    x = 0
    for _, page in pages:
        img.paste(page, (x, 0))
        x += page.width
    return "+".join(role for role, _ in pages), img


def spreads(pages: list[tuple[str, Image.Image]]) -> list[tuple[str, Image.Image]]:
    """Open-booklet spreads: the cover alone, then facing pages side by side."""
    rest = pages[1:]
    return [pages[0], *(join(rest[i:i + 2]) for i in range(0, len(rest), 2))]


class Scan:
    """One booklet's flatbed settings."""

    def __init__(self, rng: random.Random, kind: str) -> None:
        self.rng = rng
        self.dpi = rng.choice((100, 150, 150, 200, 200, 240, 300, 300))
        if kind == "spread_pdf":
            self.dpi = max(self.dpi, 150)
        self.grey = kind == "greyscale_pdf" or rng.random() < 0.15
        self.quality = rng.randrange(35, 96)
        self.bleed = rng.random() < 0.4
        self.shadow = rng.random() < 0.6
        self.fold = rng.random() < 0.3
        self.skew = rng.uniform(-4, 4) if rng.random() < 0.7 else 0.0

    def manifest(self) -> dict[str, object]:
        """What the manifest records about the scan."""
        return {"dpi": self.dpi, "greyscale": self.grey, "jpeg_quality": self.quality,
                "bleed_through": self.bleed, "binding_shadow": self.shadow,
                "fold_line": self.fold, "skew": round(self.skew, 2)}

    def page(self, img: Image.Image, back: Image.Image | None, spine: str) -> Image.Image:
        """One scanned page (or spread): degrade ``img`` as this scanner would."""
        rng = self.rng
        a = np.asarray(img, np.float32)
        if self.bleed and back is not None:
            mirror = np.asarray(back.resize(img.size).transpose(Image.FLIP_LEFT_RIGHT), np.float32)
            a = a * (1 - rng.uniform(0.03, 0.08) * (1 - mirror / 255))
        h, w = a.shape[:2]
        if self.shadow:
            a *= _shadow(w, h, spine, rng)[..., None]
        if self.fold:
            y = int(h * rng.uniform(0.3, 0.7))
            a[y:y + 3] *= 0.8
            a[y + 3:y + 9] = np.minimum(a[y + 3:y + 9] * 1.04, 255)
        out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        scale = self.dpi / RENDER_DPI
        out = out.resize((round(w * scale), round(h * scale)), Image.LANCZOS)
        if self.skew:
            out = out.rotate(self.skew + rng.uniform(-0.4, 0.4), Image.BICUBIC, expand=True,
                             fillcolor=(255, 255, 255))
        grain = np.random.default_rng(rng.randrange(1 << 30))
        noise = grain.normal(0, 3, (out.height, out.width, 1))
        out = Image.fromarray(np.clip(np.asarray(out, np.float32) + noise, 0, 255).astype(np.uint8))
        return out.convert("L") if self.grey else out


def _shadow(w: int, h: int, spine: str, rng: random.Random) -> np.ndarray:
    """Darkening along the binding: an edge (single pages) or the centre (spreads)."""
    x = np.linspace(0, 1, w, dtype=np.float32)
    width, depth = rng.uniform(0.04, 0.1), rng.uniform(0.3, 0.6)
    if spine == "centre":
        d = np.abs(x - 0.5)
    elif spine == "left":
        d = x
    else:
        d = 1 - x
    row = 1 - depth * np.exp(-d / width)
    return np.broadcast_to(row, (h, w))


def jpeg(img: Image.Image, quality: int) -> bytes:
    """The image as JPEG bytes."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def phone(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo of a page or spread on a desk: perspective, light, glare, blur."""
    src = np.asarray(img.convert("RGB"), np.uint8)
    scale = rng.uniform(1400, 2300) / max(src.shape[:2])
    src = cv2.resize(src, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = src.shape[:2]
    pad = int(max(w, h) * 0.14)
    W, H = w + 2 * pad, h + 2 * pad
    desk = np.full((H, W, 3), rng.choice(((120, 90, 60), (70, 70, 75), (180, 170, 150),
                                          (40, 50, 60))), np.uint8)
    desk = np.clip(desk + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 8, desk.shape),
                   0, 255).astype(np.uint8)
    strength = rng.uniform(0.0, 0.12) * w
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    moved = corners + pad + np.float32([[rng.uniform(-1, 1) * strength,
                                         rng.uniform(-1, 1) * strength] for _ in range(4)])
    m = cv2.getPerspectiveTransform(corners, moved)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (W, H))
    warped = cv2.warpPerspective(src, m, (W, H))
    out = np.where(mask[..., None] > 127, warped, desk).astype(np.float32)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gx, gy = rng.uniform(0, W), rng.uniform(0, H)
    light = 0.75 + 0.3 * np.exp(-(((xx - gx) / W) ** 2 + ((yy - gy) / H) ** 2) * 2)
    out *= light[..., None]
    if rng.random() < 0.6:  # glare: a bright soft ellipse washing the ink out
        cx, cy, r = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H, rng.uniform(0.06, 0.16)
        g = np.exp(-(((xx - cx) / (W * r)) ** 2 + ((yy - cy) / (H * r * 0.6)) ** 2))
        out = out + (255 - out) * (g * rng.uniform(0.4, 0.8))[..., None]
    out = np.clip(out, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:  # motion blur along a random direction
        n = rng.randrange(3, 10)
        k = np.zeros((n, n), np.float32)
        k[n // 2, :] = 1 / n
        k = cv2.warpAffine(k, cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5),
                                                      rng.uniform(0, 180), 1), (n, n))
        out = cv2.filter2D(out, -1, k / max(k.sum(), 1e-6))
    return Image.fromarray(out)


def write_pdf(path: Path, images: list[Image.Image], quality: int, dpi: int) -> None:
    """A PDF, one page per image, each embedded as JPEG at ``dpi``."""
    doc = fitz.open()
    for img in images:
        page = doc.new_page(width=img.width * 72 / dpi, height=img.height * 72 / dpi)
        page.insert_image(page.rect, stream=jpeg(img, quality))
    doc.save(path, deflate=True)
    doc.close()


def write_tiff(path: Path, images: list[Image.Image], quality: int, dpi: int) -> None:
    """A multi-page TIFF; the JPEG round trip keeps the scanner's compression artefacts."""
    frames = [Image.open(io.BytesIO(jpeg(i, quality))) for i in images]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw",
                   dpi=(dpi, dpi))


def stitched(images: list[Image.Image], gap: int = 24) -> Image.Image:
    """Images stacked top to bottom on white, as a scanner's 'one long image' or a phone
    collage app makes them."""
    w = max(i.width for i in images)
    h = sum(i.height for i in images) + gap * (len(images) - 1)
    mode = "L" if all(i.mode == "L" for i in images) else "RGB"
    out = Image.new(mode, (w, h), 255 if mode == "L" else (255, 255, 255))
    y = 0
    for i in images:
        out.paste(i.convert(mode), (0, y))
        y += i.height + gap
    return out


def write_png(path: Path, images: list[Image.Image], quality: int, turn: int) -> None:
    """One PNG of the stacked pages, JPEG-compressed once before, turned by ``turn``°."""
    img = Image.open(io.BytesIO(jpeg(stitched(images), quality)))
    img.rotate(turn, expand=True).save(path, "PNG")


EXIF_TURNS = {3: 180, 6: 90, 8: 270}  # orientation tag → how the stored pixels are turned


def write_jpg(path: Path, images: list[Image.Image], quality: int, orientation: int = 1) -> None:
    """One JPEG of the (stacked) phone photos; with an EXIF ``orientation`` the pixels are
    stored turned, as phones save them, and the tag says how to show them upright."""
    img = stitched(images)
    if orientation in EXIF_TURNS:
        img = img.rotate(EXIF_TURNS[orientation], expand=True)
    exif = Image.Exif()
    exif[0x0112] = orientation
    img.save(path, "JPEG", quality=quality, exif=exif.tobytes())
