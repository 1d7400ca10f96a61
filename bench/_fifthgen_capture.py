"""How a fifth-generator page reaches the scanner: a flatbed scan (100–300 dpi, skew ≤ 4°, paper
tint, stains, staples and punched holes, fold line, greyscale, bitonal by threshold or by error
diffusion, JPEG 35–95) or a phone photo (perspective ≤ 12 %, uneven light, glare, blur, on a
desk)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageFilter

from bench._fifthgen_draw import DPI, stain, staple_and_holes


@dataclass
class Scan:
    """One scanner run's settings (the same for every page of a booklet)."""

    dpi: int
    mode: str  # colour / grey / threshold / dither
    quality: int
    skew: float
    stain: bool
    staple: bool
    holes: bool
    fold: bool

    @classmethod
    def draw(cls, rng: random.Random, kind: str) -> Scan:
        mode = ("threshold" if rng.random() < 0.5 else "dither") if kind == "bitonal_tiff" \
            else ("grey" if kind == "greyscale_pdf" or rng.random() < 0.15 else "colour")
        dpi = rng.choice((100, 120, 150, 200, 240, 300)) if mode != "dither" else \
            rng.choice((200, 240, 300))
        return cls(dpi=dpi, mode=mode, quality=rng.randint(35, 95),
                   skew=rng.uniform(-4, 4) if rng.random() < 0.7 else rng.uniform(-0.5, 0.5),
                   stain=rng.random() < 0.25, staple=rng.random() < 0.2,
                   holes=rng.random() < 0.15, fold=rng.random() < 0.3)

    def manifest(self) -> dict[str, Any]:
        return {"dpi": self.dpi, "scan_mode": self.mode, "jpeg_quality": self.quality,
                "skew": round(self.skew, 2), "stain": self.stain, "staple": self.staple,
                "holes": self.holes, "fold": self.fold}


def _resize(img: Image.Image, factor: float) -> Image.Image:
    return img.resize((max(1, round(img.width * factor)), max(1, round(img.height * factor))),
                      Image.Resampling.LANCZOS)


def scan(page: Image.Image, s: Scan, rng: random.Random, turn: int = 0) -> Image.Image:
    """A flatbed scan of ``page`` (drawn at 300 dpi): the bed's white margin, skew, defects,
    resolution, colour mode; ``turn`` quarter-turns a page laid the wrong way."""
    img = page
    if s.stain:
        img = stain(img, rng)
    img = staple_and_holes(img, rng, s.staple, s.holes)
    a = np.asarray(img, np.float32)
    if s.fold:
        x = int(a.shape[1] * rng.uniform(0.3, 0.7)) if rng.random() < 0.5 else None
        if x is not None:
            a[:, max(0, x - 3):x + 3] *= 0.9
        else:
            y = int(a.shape[0] * rng.uniform(0.3, 0.7))
            a[max(0, y - 3):y + 3] *= 0.9
    img = Image.fromarray(a.clip(0, 255).astype(np.uint8))
    margin = round(DPI * rng.uniform(0.05, 0.3))
    bed = Image.new("RGB", (img.width + 2 * margin, img.height + 2 * margin),
                    (246, 246, 244))
    bed.paste(img, (margin, margin))
    bed = bed.rotate(s.skew, resample=Image.Resampling.BICUBIC, fillcolor=(246, 246, 244))
    if turn:
        bed = bed.rotate(turn, expand=True)
    out = _resize(bed, s.dpi / DPI).filter(ImageFilter.GaussianBlur(0.4))
    g = np.asarray(out, np.float32) + np.random.default_rng(rng.randrange(2**32)).normal(
        0, 3, (out.height, out.width, 3))
    out = Image.fromarray(g.clip(0, 255).astype(np.uint8))
    if s.mode == "grey":
        return out.convert("L")
    if s.mode == "threshold":
        bw = out.convert("L").point(lambda v: 255 if v > 150 else 0)
        return bw.convert("1", dither=Image.Dither.NONE)
    if s.mode == "dither":
        return out.convert("L").convert("1")  # Floyd–Steinberg
    return out


def _desk(w: int, h: int, rng: random.Random) -> np.ndarray:
    base = np.array(rng.choice(((120, 95, 70), (60, 62, 68), (200, 200, 195), (150, 130, 110))),
                    np.float32)
    grain = np.random.default_rng(rng.randrange(2**32)).normal(0, 8, (h, w, 1))
    return (np.ones((h, w, 3), np.float32) * base + grain).clip(0, 255)


def photo(page: Image.Image, rng: random.Random) -> tuple[Image.Image, dict[str, Any]]:
    """A phone photo of ``page``: on a desk, perspective, uneven light, glare, blur, JPEG."""
    target = rng.randint(1800, 2800)
    f = target / max(page.size)
    src = np.asarray(_resize(page, f), np.float32)
    h, w = src.shape[:2]
    border = int(max(w, h) * rng.uniform(0.05, 0.12))
    W, H = w + 2 * border, h + 2 * border
    persp = rng.uniform(0.0, 0.12)
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    jitter = [(rng.uniform(-1, 1) * persp * w / 2, rng.uniform(-1, 1) * persp * h / 2)
              for _ in range(4)]
    dst = np.array([[x + border + dx, y + border + dy]
                    for (x, y), (dx, dy) in zip(corners.tolist(), jitter, strict=True)],
                   np.float32)
    m = cv2.getPerspectiveTransform(corners, dst)
    warped = cv2.warpPerspective(src, m, (W, H), borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (W, H))[..., None]
    out = warped * mask + _desk(W, H, rng) * (1 - mask)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(ang) * xx / W + np.sin(ang) * yy / H)
    light = 1 - rng.uniform(0.1, 0.35) * (ramp - ramp.min()) / max(1e-6, np.ptp(ramp))
    out *= light[..., None]
    glare = rng.random() < 0.5
    if glare:
        gx, gy, r = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H, rng.uniform(0.08, 0.2) * W
        spot = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * r * r)) * rng.uniform(60, 120)
        out += spot[..., None]
    img = Image.fromarray(out.clip(0, 255).astype(np.uint8))
    blur = rng.choice((0.0, 0.6, 1.2, 1.8))
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    quality = rng.randint(50, 92)
    return img, {"perspective": round(persp, 3), "glare": glare, "blur": blur,
                 "jpeg_quality": quality, "photo_px": target}
