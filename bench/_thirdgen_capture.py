"""How the third generator's booklets reach the scanner: flatbed scans and phone photos.

A flatbed scan: the page (or open spread) at 100–300 dpi, skewed ≤ 4°, sometimes lying in a
corner of an A4 bed, with a shadow along the binding, a fold line, the reverse page showing
through, sensor noise, greyscale, JPEG at quality 35–95. A phone photo: the page on a table or
in a hand, in perspective (corners moved by ≤ 12 %), uneven light, glare and motion blur.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageFilter, ImageOps


@dataclass
class Capture:
    """One file's capture settings (recorded in the manifest)."""

    dpi: int
    quality: int
    grey: bool
    bleed: bool
    shadow: bool
    fold: bool
    skew: float
    bed: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def draw(cls, rng: random.Random, kind: str) -> Capture:
        """Random scanner settings; greyscale_pdf is always grey."""
        return cls(
            dpi=rng.choice((100, 120, 150, 200, 200, 240, 300, 300)),
            quality=rng.randint(35, 95), grey=kind == "greyscale_pdf" or rng.random() < 0.2,
            bleed=rng.random() < 0.35, shadow=rng.random() < 0.45, fold=rng.random() < 0.3,
            skew=round(rng.uniform(-4, 4), 2) if rng.random() < 0.7 else 0.0,
            bed=rng.random() < 0.3,
        )

    def manifest(self) -> dict[str, Any]:
        """The settings as the manifest records them."""
        return {"dpi": self.dpi, "jpeg_quality": self.quality, "greyscale": self.grey,
                "bleed_through": self.bleed, "binding_shadow": self.shadow,
                "fold_line": self.fold, "skew": self.skew, "on_a4_bed": self.bed, **self.extra}


def _np(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"), dtype=np.float32)


def _img(a: np.ndarray) -> Image.Image:
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    """Round-trip through JPEG at ``quality`` (the scanner's or phone's compression)."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert(img.mode)


def _binding_shadow(a: np.ndarray, rng: random.Random, spread: bool) -> None:
    h, w = a.shape[:2]
    x = np.arange(w, dtype=np.float32)
    width = w * rng.uniform(0.04, 0.1) * (0.6 if spread else 1)
    centre = w / 2 if spread else (0 if rng.random() < 0.5 else w - 1)
    dark = 1 - rng.uniform(0.25, 0.55) * np.exp(-(((x - centre) / width) ** 2))
    a *= dark[None, :, None]


def _fold(a: np.ndarray, rng: random.Random) -> None:
    h, w = a.shape[:2]
    if rng.random() < 0.5:
        y = int(h * rng.uniform(0.3, 0.7))
        a[y:y + 2] *= 0.8
        a[y + 2:y + 4] = np.minimum(a[y + 2:y + 4] * 1.08, 255)
    else:
        x = int(w * rng.uniform(0.3, 0.7))
        a[:, x:x + 2] *= 0.8


def scan(img: Image.Image, cap: Capture, rng: random.Random, back: Image.Image | None,
         scale: float, rotation: int, spread: bool = False) -> Image.Image:
    """A flatbed scan of one rendered page or spread at the capture's dpi."""
    px_per_mm = cap.dpi / 25.4
    size = (max(1, int(img.width * px_per_mm / scale)), max(1, int(img.height * px_per_mm / scale)))
    a = _np(img.resize(size, Image.LANCZOS))
    if cap.bleed and back is not None:
        ghost = _np(ImageOps.mirror(back.resize(size)).filter(ImageFilter.GaussianBlur(2)))
        a *= 1 - rng.uniform(0.08, 0.2) * (1 - ghost / 255)
    if cap.shadow:
        _binding_shadow(a, rng, spread)
    if cap.fold:
        _fold(a, rng)
    out = _img(a)
    lid = (248, 248, 248) if rng.random() < 0.7 else (60, 60, 62)
    if cap.skew:
        out = out.rotate(cap.skew, resample=Image.BICUBIC, expand=True, fillcolor=lid)
    if cap.bed and not spread:
        bed = Image.new("RGB", (int(210 * px_per_mm), int(297 * px_per_mm)), lid)
        bed.paste(out, (int(rng.uniform(0, 8) * px_per_mm), int(rng.uniform(0, 8) * px_per_mm)))
        out = bed
    a = _np(out)
    a += np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(1.5, 5), a.shape)
    out = _img(a)
    if rotation:
        out = out.rotate(rotation, expand=True)
    if cap.grey:
        out = out.convert("L")
    return jpeg(out, cap.quality)


def _table(rng: random.Random, w: int, h: int) -> np.ndarray:
    """A table top (wood grain or plain desk) to lay the booklet on."""
    g = np.random.default_rng(rng.randrange(2**32))
    if rng.random() < 0.5:
        base = np.array(rng.choice([(140, 96, 60), (176, 130, 86), (96, 64, 44)]), np.float32)
        grain = np.sin(np.arange(h, dtype=np.float32)[:, None] / rng.uniform(3, 9)
                       + g.normal(0, 0.3, (1, w)).cumsum(axis=1) * 0.05) * 12
        return base[None, None, :] + grain[..., None]
    base = np.array(rng.choice([(200, 200, 196), (70, 74, 80), (226, 222, 210)]), np.float32)
    return np.ones((h, w, 3), np.float32) * base


def photo(img: Image.Image, rng: random.Random, scale: float) -> tuple[Image.Image, dict]:
    """A phone photo of a page or spread; the settings used."""
    long_side = rng.randint(2000, 3400)
    k = long_side / max(img.size) * rng.uniform(0.72, 0.86)
    obj = _np(img.resize((int(img.width * k), int(img.height * k)), Image.LANCZOS))
    oh, ow = obj.shape[:2]
    portrait_frame = img.height >= img.width
    W, H = (int(long_side * 0.75), long_side) if portrait_frame else (long_side,
                                                                      int(long_side * 0.75))
    persp = rng.uniform(0.0, 0.12)
    x0, y0 = (W - ow) / 2, (H - oh) / 2
    src = np.float32([[0, 0], [ow, 0], [ow, oh], [0, oh]])
    corners = ((x0, y0), (x0 + ow, y0), (x0 + ow, y0 + oh), (x0, y0 + oh))
    dst = np.float32([(cx + rng.uniform(-1, 1) * persp * ow / 2,
                       cy + rng.uniform(-1, 1) * persp * oh / 2) for cx, cy in corners])
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(obj, m, (W, H))
    mask = cv2.warpPerspective(np.ones((oh, ow), np.float32), m, (W, H))[..., None]
    a = _table(rng, W, H) * (1 - mask) + warped * mask
    hand = rng.random() < 0.35
    if hand:  # a thumb holding the booklet open at one edge
        cx, cy = int(dst[rng.choice((0, 3)), 0]), int(H * rng.uniform(0.4, 0.8))
        cv2.ellipse(a, (cx, cy), (int(W * 0.05), int(H * 0.035)), rng.uniform(-30, 30), 0, 360,
                    (190, 145, 120), -1)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    light = 1 - rng.uniform(0.05, 0.3) * (xx / W if rng.random() < 0.5 else yy / H)
    a *= light[..., None]
    glare = rng.random() < 0.5
    if glare:
        gx, gy, r = W * rng.uniform(0.2, 0.8), H * rng.uniform(0.2, 0.8), W * rng.uniform(0.08, 0.2)
        blob = np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * r * r)))
        a += (255 - a) * blob[..., None] * rng.uniform(0.35, 0.75)
    blur = rng.choice((0, 0, 3, 5, 7))
    if blur:
        kernel = np.zeros((blur, blur), np.float32)
        kernel[blur // 2, :] = 1 / blur
        rot = cv2.getRotationMatrix2D((blur / 2 - 0.5, blur / 2 - 0.5), rng.uniform(0, 180), 1)
        kernel = cv2.warpAffine(kernel, rot, (blur, blur))
        a = cv2.filter2D(a, -1, kernel / max(kernel.sum(), 1e-6))
    a += np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 6), a.shape)
    quality = rng.randint(55, 92)
    settings = {"perspective": round(persp, 3), "glare": glare, "motion_blur": blur,
                "hand": hand, "jpeg_quality": quality}
    return jpeg(_img(a), quality), settings
