"""Drawing for the second bench generator: fonts, a millimetre canvas, seals, guilloche, faces.

Everything is drawn at RENDER_DPI and scaled to the capture's resolution later, as a scanner's
optics would. Seals and inks are multiplied onto the page so text under them stays visible.
"""

from __future__ import annotations

import math
import random
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

RENDER_DPI = 300
_NOTO = "/usr/share/fonts/opentype/noto/"
# family → (file, index in the collection)
FONTS: dict[str, tuple[str, int]] = {
    "Noto Serif CJK SC": (_NOTO + "NotoSerifCJK-Regular.ttc", 2),
    "Noto Serif CJK SC Bold": (_NOTO + "NotoSerifCJK-Bold.ttc", 2),
    "Noto Sans CJK SC": (_NOTO + "NotoSansCJK-Regular.ttc", 2),
    "Noto Sans CJK SC Bold": (_NOTO + "NotoSansCJK-Bold.ttc", 2),
    "Noto Sans Mono CJK SC": (_NOTO + "NotoSansCJK-Regular.ttc", 7),
    "AR PL UMing CN": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "AR PL UKai CN": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "LXGW WenKai": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0),
    "LXGW WenKai Light": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", 0),
    "WenQuanYi Zen Hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "WenQuanYi Micro Hei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
}
PRINT_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei",
               "WenQuanYi Micro Hei", "Noto Serif CJK SC Bold", "Noto Sans Mono CJK SC",
               "LXGW WenKai")
HAND_FONTS = ("LXGW WenKai", "AR PL UKai CN", "LXGW WenKai Light")
INK = (28, 28, 30)
RED = (205, 40, 45)


@cache
def font(family: str, px: int) -> ImageFont.FreeTypeFont:
    """A font of ``family`` whose em is ``px`` pixels."""
    path, index = FONTS[family]
    return ImageFont.truetype(path, max(6, px), index=index)


def mm(v: float) -> int:
    """Millimetres to render pixels."""
    return round(v * RENDER_DPI / 25.4)


def pt(v: float) -> int:
    """Typographic points to render pixels."""
    return round(v * RENDER_DPI / 72)


class Canvas:
    """One booklet page, drawn in millimetres."""

    def __init__(self, w_mm: float, h_mm: float, paper: tuple[int, int, int]) -> None:
        self.w, self.h = w_mm, h_mm
        self.img = Image.new("RGB", (mm(w_mm), mm(h_mm)), paper)
        self.draw = ImageDraw.Draw(self.img)

    def text(self, x: float, y: float, s: str, family: str, size: float, *,
             fill: tuple[int, int, int] = INK, anchor: str = "ls", spacing: float = 0) -> float:
        """Draw ``s`` at (x, y) mm, ``size`` in points, extra letter ``spacing`` in mm; the
        width drawn in mm."""
        f = font(family, pt(size))
        if not spacing:
            self.draw.text((mm(x), mm(y)), s, font=f, fill=fill, anchor=anchor)
            return self.width(s, family, size)
        total = self.width(s, family, size) + spacing * (len(s) - 1)
        start = x - (total if anchor[0] == "r" else total / 2 if anchor[0] == "m" else 0)
        for ch in s:
            self.draw.text((mm(start), mm(y)), ch, font=f, fill=fill, anchor="l" + anchor[1])
            start += self.width(ch, family, size) + spacing
        return total

    def width(self, s: str, family: str, size: float) -> float:
        """Width of ``s`` in mm."""
        return font(family, pt(size)).getlength(s) * 25.4 / RENDER_DPI

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.25,
             fill: tuple[int, int, int] = INK) -> None:
        """A straight rule, ``width`` in mm."""
        self.draw.line((mm(x0), mm(y0), mm(x1), mm(y1)), fill=fill, width=max(1, mm(width)))

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.3,
             outline: tuple[int, int, int] = INK, fill: tuple[int, int, int] | None = None) -> None:
        """A rectangle, ``width`` its outline in mm."""
        self.draw.rectangle((mm(x0), mm(y0), mm(x1), mm(y1)), outline=outline, fill=fill,
                            width=max(1, mm(width)))

    def multiply(self, layer: Image.Image, x: float, y: float) -> None:
        """Multiply an RGBA ``layer`` onto the page with its top-left at (x, y) mm."""
        box = (mm(x), mm(y))
        base = self.img.crop((*box, box[0] + layer.width, box[1] + layer.height))
        ink = Image.new("RGB", layer.size, (255, 255, 255))
        ink.paste(layer.convert("RGB"), mask=layer.getchannel("A"))
        self.img.paste(Image.fromarray(
            (np.asarray(base, np.float32) * np.asarray(ink, np.float32) / 255).astype(np.uint8)
        ), box)


def hand_text(c: Canvas, x: float, y: float, s: str, family: str, size: float,
              rng: random.Random, ink: tuple[int, int, int]) -> float:
    """Handwriting-like text: each character wobbles in size, angle and baseline; width in mm."""
    for ch in s:
        px = pt(size * rng.uniform(0.9, 1.1))
        f = font(family, px)
        tile = Image.new("LA", (px * 2, px * 2), (0, 0))
        ImageDraw.Draw(tile).text((px // 2, px * 3 // 2), ch, font=f, fill=(255, 255), anchor="ls")
        tile = tile.rotate(rng.uniform(-7, 7), resample=Image.BICUBIC)
        layer = Image.new("RGBA", tile.size, (*ink, 0))
        layer.putalpha(tile.getchannel("A"))
        dy = rng.uniform(-0.5, 0.5)
        c.multiply(layer, x - px / 2 * 25.4 / RENDER_DPI, y + dy - px * 1.5 * 25.4 / RENDER_DPI)
        x += f.getlength(ch) * 25.4 / RENDER_DPI * rng.uniform(0.95, 1.12)
    return x


def seal(name: str, diameter_mm: float, rng: random.Random, *, bottom: str = "",
         colour: tuple[int, int, int] = RED) -> Image.Image:
    """A round red official seal: ring, star and ``name`` around the upper arc; RGBA."""
    d = mm(diameter_mm)
    layer = Image.new("L", (d, d), 0)
    g = ImageDraw.Draw(layer)
    g.ellipse((4, 4, d - 4, d - 4), outline=255, width=max(3, d // 28))
    star_r = d * 0.16
    pts = [(d / 2 + star_r * (1 if k % 2 == 0 else 0.4) * math.sin(k * math.pi / 5),
            d / 2 - star_r * (1 if k % 2 == 0 else 0.4) * math.cos(k * math.pi / 5))
           for k in range(10)]
    g.polygon(pts, fill=255)
    span = min(250.0, 22.0 * len(name))
    # Long names shrink so the characters never overlap along the arc.
    size = max(8, int(min(d * 0.13, d * 0.35 * math.radians(span) / len(name) * 0.95)))
    f = font("Noto Sans CJK SC Bold", size)
    for i, ch in enumerate(name):
        a = math.radians(-span / 2 + span * (i + 0.5) / len(name))
        tile = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(tile).text((size, size), ch, font=f, fill=255, anchor="mm")
        tile = tile.rotate(-math.degrees(a), resample=Image.BICUBIC)
        r = d / 2 - d * 0.15
        cx, cy = d / 2 + r * math.sin(a), d / 2 - r * math.cos(a)
        layer.paste(255, (int(cx - size), int(cy - size)), tile)
    if bottom:
        fb = font("Noto Sans CJK SC", max(6, int(d * 0.08)))
        g.text((d / 2, d * 0.74), bottom, font=fb, fill=255, anchor="mm")
    # Uneven ink: speckle the stamp so it is not a clean vector shape.
    noise = np.asarray(layer, np.float32) * np.random.default_rng(rng.randrange(1 << 30)).uniform(
        0.45, 0.95, (d, d))
    alpha = Image.fromarray(noise.astype(np.uint8)).rotate(rng.uniform(-25, 25))
    out = Image.new("RGBA", (d, d), (*colour, 0))
    out.putalpha(alpha.filter(ImageFilter.GaussianBlur(1)))
    return out


def guilloche(c: Canvas, rng: random.Random, colour: tuple[int, int, int]) -> None:
    """A pale security pattern of interleaved rosette curves across the page."""
    w, h = c.img.size
    cx, cy = w * rng.uniform(0.4, 0.6), h * rng.uniform(0.4, 0.6)
    big, small, k = min(w, h) * 0.42, rng.uniform(0.15, 0.3), rng.choice((5, 7, 9, 11))
    t = np.linspace(0, 2 * math.pi * 6, 9000)
    for j in range(rng.randrange(6, 11)):
        phase = j * math.pi / 17
        r = big * (1 - small * np.sin(k * t / 6 + phase)) * (0.55 + 0.05 * j)
        xs, ys = cx + r * np.cos(t / 6 + phase), cy + r * np.sin(t / 6 + phase) * 1.3
        c.draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=colour, width=2)
    step = rng.randrange(18, 30)
    for yy in range(0, h, step):  # fine wavy lines behind the text
        xs = np.arange(0, w, 6)
        c.draw.line(list(zip(xs.tolist(), (yy + 4 * np.sin(xs / 23.0 + yy)).tolist(),
                             strict=True)), fill=colour, width=1)


def portrait(w_mm: float, h_mm: float, background: tuple[int, int, int],
             rng: random.Random) -> Image.Image:
    """A face-like head-and-shoulders photo on a plain background."""
    w, h = mm(w_mm), mm(h_mm)
    img = Image.new("RGB", (w, h), background)
    g = ImageDraw.Draw(img)
    skin = tuple(int(v * rng.uniform(0.85, 1.05)) for v in (228, 190, 160))
    cloth = rng.choice(((40, 40, 60), (30, 30, 30), (90, 30, 30), (230, 230, 235)))
    g.ellipse((w * 0.05, h * 0.72, w * 0.95, h * 1.3), fill=cloth)
    g.rectangle((w * 0.42, h * 0.55, w * 0.58, h * 0.78), fill=skin)
    g.ellipse((w * 0.26, h * 0.16, w * 0.74, h * 0.66), fill=skin)
    hair = tuple(int(v * rng.uniform(0.6, 1.4)) for v in (30, 25, 22))
    g.chord((w * 0.24, h * 0.1, w * 0.76, h * 0.5), 180, 360, fill=hair)
    for ex in (0.4, 0.6):
        g.ellipse((w * (ex - 0.04), h * 0.38, w * (ex + 0.04), h * 0.42), fill=(40, 30, 30))
    g.line((w * 0.5, h * 0.42, w * 0.48, h * 0.5), fill=(170, 130, 110), width=3)
    g.arc((w * 0.42, h * 0.5, w * 0.58, h * 0.58), 20, 160, fill=(150, 70, 70), width=4)
    return img.filter(ImageFilter.GaussianBlur(1.2))


def emboss(c: Canvas, x: float, y: float, diameter: float, rng: random.Random) -> None:
    """A steel (embossed) seal: a colourless relief ring straddling the photo's corner."""
    d = mm(diameter)
    ring = Image.new("L", (d, d), 0)
    g = ImageDraw.Draw(ring)
    g.ellipse((6, 6, d - 6, d - 6), outline=255, width=d // 30)
    g.ellipse((d * 0.18, d * 0.18, d * 0.82, d * 0.82), outline=255, width=d // 50)
    f = font("Noto Sans CJK SC Bold", d // 9)
    g.text((d / 2, d / 2), "钢印", font=f, fill=255, anchor="mm")
    ring = ring.rotate(rng.uniform(0, 360)).filter(ImageFilter.GaussianBlur(2))
    a = np.asarray(ring, np.float32) / 255
    relief = np.roll(a, 3, axis=(0, 1)) - a  # light from the top-left: one edge bright
    box = (mm(x), mm(y), mm(x) + d, mm(y) + d)
    base = np.asarray(c.img.crop(box), np.float32)
    base = np.clip(base + relief[..., None] * 60, 0, 255)
    c.img.paste(Image.fromarray(base.astype(np.uint8)), box[:2])
