"""Official seals as offices really stamp them: red to orange-red or purplish ink, round or oval,
single or double ring, the name along an arc of 180–260°, often a straight line of text under the
star (教师资格认定专用章), and uneven ink — pressed harder on one side, speckled where the pad
was dry."""

from __future__ import annotations

import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw

from scanning.sample import _fonts
from scanning.sample._render import multiply
from scanning.sample._wide_draw import Page

INKS = ((200, 30, 35), (215, 50, 40), (190, 20, 60), (225, 70, 50), (175, 30, 75))
FACES = ("Noto Serif CJK SC:bold", "Noto Sans CJK SC:bold", "AR PL UMing CN", "WenQuanYi Zen Hei")
LINES = ("教师资格认定专用章", "教师资格专用章", "行政审批专用章", "")


def _arc_text(
    img: Image.Image,
    text: str,
    face: str,
    box: tuple[float, float, float, float],
    span: float,
    ink: tuple[int, int, int, int],
) -> None:
    """Characters upright to the rim along the upper arc, centred on the top."""
    cx, cy, rx, ry = box
    n = len(text)
    room = min(rx, ry) * 0.74 * math.radians(span) / n  # arc length per character
    f = _fonts.face(face, max(8, int(min(min(rx, ry) * 2 / 7.5, room * 0.95))))
    for i, ch in enumerate(text):
        ang = math.radians(270 - span / 2 + span * (i + 0.5) / n)
        side = int(f.size * 1.4) + 4
        glyph = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((side / 2, side / 2), ch, font=f, fill=ink, anchor="mm")
        glyph = glyph.rotate(-math.degrees(ang) - 90, expand=True)
        gx = cx + rx * 0.74 * math.cos(ang) - glyph.width / 2
        gy = cy + ry * 0.74 * math.sin(ang) - glyph.height / 2
        img.alpha_composite(glyph, (int(gx), int(gy)))


def seal(size_px: int, text: str, rng: random.Random) -> Image.Image:
    """One seal impression (RGBA) of ``text``."""
    oval = rng.random() < 0.15
    w, h = size_px, int(size_px * (0.72 if oval else 1.0))
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    ink = (*rng.choice(INKS), 255)
    cx, cy, rx, ry = w / 2, h / 2, w / 2 - 2, h / 2 - 2
    ring = max(2, int(size_px * rng.uniform(0.025, 0.045)))
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=ink, width=ring)
    if rng.random() < 0.25:  # a thin inner ring
        k = 1 - ring * 2.2 / rx
        d.ellipse((cx - rx * k, cy - ry * k, cx + rx * k, cy + ry * k), outline=ink, width=1)
    if rng.random() < 0.85:
        r = min(rx, ry) * 0.22
        star = [
            (
                cx + r * (1 if k % 2 == 0 else 0.4) * math.cos(math.pi / 2 + k * math.pi / 5),
                cy - r * (1 if k % 2 == 0 else 0.4) * math.sin(math.pi / 2 + k * math.pi / 5),
            )
            for k in range(10)
        ]
        d.polygon(star, fill=ink)
    _arc_text(img, text, rng.choice(FACES), (cx, cy, rx, ry), rng.uniform(180, 260), ink)
    line = rng.choice(LINES)
    if line:
        f = _fonts.face(rng.choice(FACES), max(6, int(min(rx, ry) * 0.16)))
        d.text((cx, cy + min(rx, ry) * 0.45), line, font=f, fill=ink, anchor="mm")
    return _uneven(img, rng).rotate(rng.uniform(-30, 30), expand=True)


def _uneven(img: Image.Image, rng: random.Random) -> Image.Image:
    """Uneven pressure across the seal and speckles where the pad was dry."""
    arr = np.asarray(img).astype(np.float32)
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = rng.uniform(0, 2 * math.pi)
    slope = ((xx / w - 0.5) * math.cos(t) + (yy / h - 0.5) * math.sin(t)) * rng.uniform(0.2, 0.8)
    gen = np.random.default_rng(rng.randrange(2**32))
    dry = cv2.GaussianBlur(gen.random((h, w), dtype=np.float32), (0, 0), max(1.0, w / 150))
    dry = np.clip((dry - dry.mean()) * rng.uniform(4, 12) + 1, 0.25, 1.0)
    alpha = arr[..., 3] * rng.uniform(0.65, 0.95) * np.clip(1 - slope, 0.35, 1.0) * dry
    arr[..., 3] = alpha
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def stamp(pg: Page, cx: float, cy: float, diameter: float, text: str, rng: random.Random) -> None:
    """Multiply a seal onto the page, centred at (cx, cy) mm: the ink is translucent."""
    multiply(pg.img, seal(pg.px(diameter), text, rng), pg.px(cx), pg.px(cy))
