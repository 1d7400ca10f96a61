"""How a fourth-generator booklet reaches the scanner: flatbed scans (100–300 dpi, colour, grey or
bitonal; skew, binding shadow, fold line, bleed-through, halftone moiré) and phone photos
(perspective ≤ 12 %, uneven light, glare, motion blur, a finger at the edge, a desk around)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

from bench._fourthgen_draw import PX_PER_MM, noise


@dataclass
class Capture:
    """Settings of one flatbed scan job (the same for every page of a file)."""

    dpi: int
    quality: int
    grey: bool
    bitonal: bool
    shadow: float
    fold: bool
    bleed: bool
    moire: bool
    skew: float
    on_bed: bool

    @classmethod
    def draw(cls, rng: random.Random, kind: str) -> Capture:
        """Settings for a file of ``kind``."""
        bitonal = kind == "bitonal_tiff"
        return cls(dpi=rng.choice((200, 300)) if bitonal else rng.choice(
            (100, 120, 150, 150, 200, 200, 240, 300)),
            quality=rng.randint(35, 95), grey=kind == "greyscale_pdf" or rng.random() < 0.12,
            bitonal=bitonal, shadow=rng.choice((0.0, 0.0, 0.25, 0.45)),
            fold=rng.random() < 0.25, bleed=rng.random() < 0.3, moire=rng.random() < 0.2,
            skew=rng.uniform(-3.5, 3.5) if rng.random() < 0.45 else rng.uniform(-0.6, 0.6),
            on_bed=rng.random() < 0.25)

    def manifest(self) -> dict[str, Any]:
        """For manifest.jsonl."""
        return {"dpi": self.dpi, "jpeg_quality": self.quality, "greyscale": self.grey,
                "bitonal": self.bitonal, "binding_shadow": self.shadow, "fold_line": self.fold,
                "bleed_through": self.bleed, "moire": self.moire, "skew": round(self.skew, 2),
                "on_a4_bed": self.on_bed}


def _arr(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"), dtype=np.float32) / 255


def _img(a: np.ndarray) -> Image.Image:
    return Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8))


def _shadow(a: np.ndarray, strength: float, spread: bool, left: bool, rng: random.Random) -> None:
    """Darkening where the paper curves into the binding (centre of a spread, else one edge)."""
    h, w = a.shape[:2]
    x = np.arange(w, dtype=np.float32)
    width = PX_PER_MM * rng.uniform(7, 18)
    dist = np.abs(x - w / 2) if spread else (x if left else w - 1 - x)
    a *= (1 - strength * np.exp(-dist / width))[None, :, None]


def _fold(a: np.ndarray, rng: random.Random) -> None:
    h, w = a.shape[:2]
    pos = int(rng.uniform(0.3, 0.7) * h)
    band = max(2, int(PX_PER_MM * 0.6))
    a[pos:pos + band] *= 0.86
    a[pos + band:pos + 3 * band] = np.minimum(1, a[pos + band:pos + 3 * band] * 1.05)


def _moire(a: np.ndarray, rng: random.Random) -> None:
    """A screen pattern beating with the scan grid: faint periodic stripes."""
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = math.radians(rng.uniform(10, 50))
    period = rng.uniform(3.2, 7.0)
    wave = np.sin((xx * math.cos(t) + yy * math.sin(t)) * 2 * math.pi / period)
    a *= (1 - rng.uniform(0.03, 0.07) * (0.5 + 0.5 * wave))[..., None]


def scan(page: Image.Image, cap: Capture, rng: random.Random, back: Image.Image | None,
         rotation: int, spread: bool) -> Image.Image:
    """One page (or spread) through the flatbed at ``cap``'s settings."""
    a = _arr(page)
    if cap.bleed and back is not None:
        ghost = _arr(ImageOps.mirror(back.resize(page.size)).filter(ImageFilter.GaussianBlur(3)))
        a *= 1 - 0.13 * (1 - ghost.mean(axis=2, keepdims=True))
    if cap.moire:
        _moire(a, rng)
    if cap.fold:
        _fold(a, rng)
    if cap.shadow:
        _shadow(a, cap.shadow, spread, rng.random() < 0.5, rng)
    img = _img(a)
    fill = (248, 248, 248)
    if cap.on_bed:
        lid = rng.choice(((250, 250, 250), (35, 35, 38)))
        bed = Image.new("RGB", (round(210 * PX_PER_MM), round(297 * PX_PER_MM)), lid)
        if img.width < bed.width and img.height < bed.height:
            bed.paste(img, (rng.randrange(0, bed.width - img.width),
                            rng.randrange(0, bed.height - img.height)))
            img, fill = bed, lid
    img = img.rotate(cap.skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)
    if rotation:
        img = img.rotate(rotation, expand=True)
    f = cap.dpi / 300
    img = img.resize((max(1, round(img.width * f)), max(1, round(img.height * f))),
                     Image.Resampling.LANCZOS)
    if cap.grey or cap.bitonal:
        img = img.convert("L")
    if cap.bitonal:
        img = img.point(lambda v: 255 if v > rng.randint(135, 170) else 0).convert("1")
    return img


def _desk(w: int, h: int, rng: random.Random) -> Image.Image:
    base = rng.choice(((150, 110, 75), (200, 200, 195), (70, 70, 75), (180, 160, 130)))
    grain = noise((w // 8 + 1, h // 8 + 1), 40, rng).resize((w, h), Image.Resampling.BICUBIC)
    desk = Image.new("RGB", (w, h), base)
    return ImageChops.multiply(desk, Image.merge("RGB", [grain.point(lambda v: 180 + v // 3)] * 3))


def photo(page: Image.Image, rng: random.Random) -> tuple[Image.Image, dict[str, Any]]:
    """A phone photo of a page or spread on a desk; the photo and its settings."""
    margin = rng.uniform(0.08, 0.2)
    w, h = page.size
    W, H = round(w * (1 + 2 * margin)), round(h * (1 + 2 * margin))
    canvas = _desk(W, H, rng)
    ox, oy = round(w * margin), round(h * margin)
    canvas.paste(page, (ox, oy))
    p = rng.uniform(0.0, 0.12)
    src = np.array([[ox, oy], [ox + w, oy], [ox + w, oy + h], [ox, oy + h]], np.float32)
    dst = src + np.array([[rng.uniform(-1, 1) * p * w / 2, rng.uniform(-1, 1) * p * h / 2]
                          for _ in range(4)], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    a = cv2.warpPerspective(np.asarray(canvas), m, (W, H), borderMode=cv2.BORDER_REPLICATE)
    a = a.astype(np.float32) / 255
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    t = rng.uniform(0, 2 * math.pi)
    light = 0.78 + 0.22 * ((xx / W) * math.cos(t) + (yy / H) * math.sin(t) + 1) / 2
    a *= light[..., None] * rng.uniform(0.9, 1.05)
    glare = rng.random() < 0.45
    if glare:
        gx, gy, r = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H, rng.uniform(0.06, 0.14)
        blob = np.exp(-(((xx - gx) / (W * r)) ** 2 + ((yy - gy) / (H * r * 0.6)) ** 2))
        a = a + (1 - a) * blob[..., None] * rng.uniform(0.5, 0.85)
    img = _img(a)
    finger = rng.random() < 0.3
    if finger:
        img = _finger(img, rng)
    blur = rng.choice((0, 0, 0, 3, 5, 7))
    if blur:
        k = np.zeros((blur, blur), np.float32)
        k[blur // 2, :] = 1 / blur
        rot = cv2.getRotationMatrix2D((blur / 2 - 0.5, blur / 2 - 0.5), rng.uniform(0, 180), 1)
        k = cv2.warpAffine(k, rot, (blur, blur))
        img = Image.fromarray(cv2.filter2D(np.asarray(img), -1, k / max(k.sum(), 1e-6)))
    long_side = rng.randint(1800, 3000)
    f = long_side / max(img.size)
    img = img.resize((round(img.width * f), round(img.height * f)), Image.Resampling.LANCZOS)
    quality = rng.randint(55, 92)
    return img, {"perspective": round(p, 3), "glare": glare, "finger": finger,
                 "motion_blur": blur, "jpeg_quality": quality}


def _finger(img: Image.Image, rng: random.Random) -> Image.Image:
    """A thumb over one edge, holding the booklet flat."""
    w, h = img.size
    layer = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(layer)
    fw, fh = w * rng.uniform(0.07, 0.11), h * rng.uniform(0.1, 0.16)
    if rng.random() < 0.5:
        x, y = rng.choice((-fw * 0.3, w - fw * 0.7)), rng.uniform(0.3, 0.8) * h
    else:
        x, y = rng.uniform(0.2, 0.7) * w, h - fh * 0.6
    d.ellipse((x, y, x + fw, y + fh), fill=255)
    layer = layer.filter(ImageFilter.GaussianBlur(6))
    skin = Image.new("RGB", img.size, rng.choice(((220, 170, 140), (200, 150, 120))))
    return Image.composite(skin, img, layer)
