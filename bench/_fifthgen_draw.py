"""Drawing for the fifth generator: a page in millimetres at 300 dpi, type faces, seals of several
shapes (round, oval, double ring, faded), guilloche, stains, staples and punched holes."""

from __future__ import annotations

import math
import random
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 300
_N = "/usr/share/fonts/opentype/noto/"
FACES = {
    "serif": (_N + "NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": (_N + "NotoSerifCJK-Bold.ttc", 2),
    "sans": (_N + "NotoSansCJK-Regular.ttc", 2),
    "sans_bold": (_N + "NotoSansCJK-Bold.ttc", 2),
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "wqy": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "wqy_micro": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "wenkai": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0),
    "wenkai_light": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", 0),
}
PRINTED = ("serif", "serif_bold", "sans", "sans_bold", "uming", "wqy", "wqy_micro")
HANDS = ("ukai", "wenkai", "wenkai_light")
SEAL_COLOURS = {"red": (200, 35, 40), "crimson": (175, 20, 50), "vermilion": (230, 80, 50),
                "faded": (215, 120, 120)}


def px(v_mm: float) -> int:
    return round(v_mm * DPI / 25.4)


@cache
def face(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    path, index = FACES[name]
    return ImageFont.truetype(path, max(6, size_px), index=index)


class Page:
    """An RGB page drawn in millimetres."""

    def __init__(self, w_mm: float, h_mm: float, tint: tuple[int, int, int]) -> None:
        self.img = Image.new("RGB", (px(w_mm), px(h_mm)), tint)
        self.draw = ImageDraw.Draw(self.img)
        self.w, self.h = w_mm, h_mm

    def text(self, x: float, y: float, s: str, name: str, pt: float,
             ink: tuple[int, int, int] = (20, 20, 20), anchor: str = "ls",
             spacing: float = 0.0) -> float:
        """Draw ``s`` with its baseline at y (mm); extra letter ``spacing`` in mm; the end x."""
        f = face(name, px(pt * 0.3528))
        if not spacing:
            self.draw.text((px(x), px(y)), s, font=f, fill=ink, anchor=anchor)
            return x + self.width(s, name, pt)
        for ch in s:
            self.draw.text((px(x), px(y)), ch, font=f, fill=ink, anchor="ls")
            x += self.width(ch, name, pt) + spacing
        return x

    def width(self, s: str, name: str, pt: float) -> float:
        return face(name, px(pt * 0.3528)).getlength(s) * 25.4 / DPI

    def line(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.2,
             ink: tuple[int, int, int] = (60, 60, 60)) -> None:
        self.draw.line((px(x0), px(y0), px(x1), px(y1)), fill=ink, width=max(1, px(w)))

    def box(self, x: float, y: float, w: float, h: float, wd: float = 0.25,
            ink: tuple[int, int, int] = (60, 60, 60), fill: tuple[int, int, int] | None = None
            ) -> None:
        self.draw.rectangle((px(x), px(y), px(x + w), px(y + h)), outline=ink, fill=fill,
                            width=max(1, px(wd)))

    def stamp(self, layer: Image.Image, cx: float, cy: float) -> None:
        """Multiply an RGBA layer onto the page, centred at (cx, cy) mm (ink over print)."""
        x0, y0 = px(cx) - layer.width // 2, px(cy) - layer.height // 2
        box = (x0, y0, x0 + layer.width, y0 + layer.height)
        base = np.asarray(self.img.crop(box), np.float32)
        lay = np.asarray(layer, np.float32)
        alpha = lay[..., 3:4] / 255
        mixed = base * (1 - alpha) + base * lay[..., :3] / 255 * alpha
        self.img.paste(Image.fromarray(mixed.clip(0, 255).astype(np.uint8)), box[:2])


def _ring_text(layer: Image.Image, s: str, cx: float, cy: float, rx: float, ry: float,
               size: int, colour: tuple[int, int, int, int], sweep: float) -> None:
    f = face("sans_bold", size)
    n = len(s)
    for i, ch in enumerate(s):
        ang = math.radians(-90 - sweep / 2 + sweep * (i + 0.5) / n)
        x, y = cx + rx * math.cos(ang), cy + ry * math.sin(ang)
        tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size, size), ch, font=f, fill=colour, anchor="mm")
        tile = tile.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
        layer.alpha_composite(tile, (round(x - size), round(y - size)))


def seal(text: str, shape: str, colour: str, rng: random.Random, centre: str = "★",
         bottom: str = "") -> Image.Image:
    """An ink seal (RGBA): ``shape`` round / oval / double ring; ``colour`` a SEAL_COLOURS key;
    the 'faded' colour also loses ink in patches."""
    rx = px(21 if shape != "oval" else 24)
    ry = px(21 if shape != "oval" else 16)
    pad = 12
    w, h = 2 * rx + pad * 2, 2 * ry + pad * 2
    ink = (*SEAL_COLOURS[colour], 255)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = w / 2, h / 2
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=ink, width=px(1.1))
    inner = 0
    if shape == "double":
        inner = px(1.8)
        d.ellipse((cx - rx + inner, cy - ry + inner, cx + rx - inner, cy + ry - inner),
                  outline=ink, width=px(0.4))
    size = px(4.2 if len(text) < 14 else 3.4)
    _ring_text(layer, text, cx, cy, rx - px(4.2) - inner, ry - px(4.2) - inner, size, ink,
               250 if shape != "oval" else 220)
    cf = face("sans_bold", px(9 if shape != "oval" else 6))
    d.text((cx, cy), centre, font=cf, fill=ink, anchor="mm")
    if bottom:
        d.text((cx, cy + ry * 0.55), bottom, font=face("sans", px(3)), fill=ink, anchor="mm")
    a = np.asarray(layer).copy()
    keep = np.random.default_rng(rng.randrange(2**32)).random(a.shape[:2])
    patch = Image.fromarray((keep * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(6))
    lose = 0.25 if colour == "faded" else 0.08
    mask = np.asarray(patch, np.float32) / 255
    a[..., 3] = (a[..., 3] * np.clip((mask - lose * 0.5) * 2.2, 0.15, 1)).astype(np.uint8)
    if colour == "faded":
        a[..., 3] = (a[..., 3] * 0.7).astype(np.uint8)
    out = Image.fromarray(a).filter(ImageFilter.GaussianBlur(0.7))
    return out.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC, expand=True)


def guilloche(page: Page, rng: random.Random, colour: tuple[int, int, int]) -> None:
    """Interlaced rosette curves in a pale ink behind the text (security print)."""
    layer = Image.new("L", page.img.size, 0)
    d = ImageDraw.Draw(layer)
    cx, cy = page.img.width * rng.uniform(0.35, 0.65), page.img.height * rng.uniform(0.35, 0.65)
    big = min(page.img.size) * rng.uniform(0.3, 0.45)
    k1, k2 = rng.randint(5, 11), rng.randint(13, 31)
    for j in range(rng.randint(6, 12)):
        r0 = big * (0.55 + 0.05 * j)
        pts = []
        for t in np.linspace(0, 2 * math.pi, 1400):
            r = r0 + big * 0.12 * math.sin(k1 * t) + big * 0.05 * math.sin(k2 * t + j)
            pts.append((cx + r * math.cos(t), cy + r * math.sin(t) * 1.2))
        d.line(pts, fill=255, width=2)
    a = np.asarray(page.img, np.float32)
    m = np.asarray(layer, np.float32)[..., None] / 255 * 0.55
    tint = np.array(colour, np.float32)
    page.img.paste(Image.fromarray((a * (1 - m) + np.minimum(a, tint) * m).astype(np.uint8)))
    page.draw = ImageDraw.Draw(page.img)


def stain(img: Image.Image, rng: random.Random) -> Image.Image:
    """A tea/coffee ring: a brownish blotch darker at its rim."""
    w, h = img.size
    r = rng.uniform(0.06, 0.14) * min(w, h)
    cx, cy = rng.uniform(r, w - r), rng.uniform(r, h - r)
    yy, xx = np.mgrid[0:h, 0:w]
    dist = np.hypot((xx - cx) / r, (yy - cy) / (r * rng.uniform(0.7, 1.2)))
    body = np.clip(1 - dist, 0, 1) ** 0.3 * 0.12 + np.exp(-((dist - 1) / 0.05) ** 2) * 0.22
    a = np.asarray(img, np.float32)
    brown = np.array((150, 105, 60), np.float32)
    a = a * (1 - body[..., None]) + np.minimum(a, brown) * body[..., None]
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def staple_and_holes(img: Image.Image, rng: random.Random, staple: bool, holes: bool
                     ) -> Image.Image:
    """A staple (metal bar with its shadow) near the spine and/or two punched holes."""
    img = img.copy()
    d = ImageDraw.Draw(img)
    w, h = img.size
    if staple:
        x, y = rng.uniform(0.02, 0.06) * w, rng.uniform(0.1, 0.85) * h
        length = px(12)
        d.rectangle((x + 3, y + 3, x + px(1.2) + 3, y + length + 3), fill=(150, 150, 150))
        d.rectangle((x, y, x + px(1.2), y + length), fill=(185, 188, 192), outline=(90, 90, 95))
    if holes:
        x = rng.uniform(0.03, 0.07) * w
        for fy in (0.3, 0.7):
            y, r = fy * h + rng.uniform(-20, 20), px(3)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(55, 55, 58))
    return img


def portrait(w_mm: float, h_mm: float, rng: random.Random, background: tuple[int, int, int]
             ) -> Image.Image:
    """A head and shoulders on a plain background, with a soft gradient."""
    w, h = px(w_mm), px(h_mm)
    grad = np.linspace(0.92, 1.04, h)[:, None, None]
    base = (np.ones((h, w, 3)) * np.array(background) * grad).clip(0, 255).astype(np.uint8)
    img = Image.fromarray(base)
    d = ImageDraw.Draw(img)
    skin = rng.choice(((240, 205, 180), (215, 175, 140), (196, 150, 115)))
    coat = rng.choice(((25, 35, 60), (45, 45, 45), (120, 30, 40), (200, 200, 205)))
    d.polygon([(0, h), (w * 0.1, h * 0.8), (w * 0.5, h * 0.72), (w * 0.9, h * 0.8), (w, h)],
              fill=coat)
    d.rounded_rectangle((w * 0.43, h * 0.52, w * 0.57, h * 0.76), radius=8, fill=skin)
    d.ellipse((w * 0.28, h * 0.16, w * 0.72, h * 0.63), fill=skin)
    hair = rng.choice(((15, 12, 12), (55, 40, 30), (90, 90, 90)))
    d.pieslice((w * 0.26, h * 0.1, w * 0.74, h * 0.55), 180, 360, fill=hair)
    for ex in (0.41, 0.59):
        d.ellipse((w * (ex - 0.03), h * 0.39, w * (ex + 0.03), h * 0.42), fill=(20, 20, 20))
    d.line((w * 0.45, h * 0.54, w * 0.55, h * 0.54), fill=(160, 80, 80), width=3)
    return img.filter(ImageFilter.GaussianBlur(1.2))
