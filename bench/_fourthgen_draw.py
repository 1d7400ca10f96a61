"""Drawing primitives of the fourth generator: a page canvas in millimetres, print faces, hand
lettering, dot-matrix fill-in, official seals (several inks and wear), a round date stamp, a
barcode and a portrait. Pages are drawn at 300 dpi; capture scales them afterwards."""

from __future__ import annotations

import math
import random
from functools import cache

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

PX_PER_MM = 300 / 25.4
_NOTO = "/usr/share/fonts/opentype/noto/"
_LXGW = "/usr/share/fonts/truetype/lxgw-wenkai/"
#: name → (file, ttc index). Print faces and the 楷 faces a clerk's hand is modelled on.
FACES = {
    "song": (_NOTO + "NotoSerifCJK-Regular.ttc", 2),
    "song_bold": (_NOTO + "NotoSerifCJK-Bold.ttc", 2),
    "hei": (_NOTO + "NotoSansCJK-Regular.ttc", 2),
    "hei_bold": (_NOTO + "NotoSansCJK-Bold.ttc", 2),
    "mono": (_NOTO + "NotoSansCJK-Regular.ttc", 7),
    "ming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "wenkai": (_LXGW + "LXGWWenKai-Regular.ttf", 0),
    "wenkai_light": (_LXGW + "LXGWWenKai-Light.ttf", 0),
    "wenkai_bold": (_LXGW + "LXGWWenKai-Bold.ttf", 0),
}
PRINT_FACES = ("song", "song_bold", "hei", "mono", "ming", "zenhei", "microhei", "wenkai_bold")
HAND_FACES = ("kai", "wenkai", "wenkai_light")
INKS = {"black": (25, 25, 30), "blue_black": (25, 35, 80), "blue": (30, 55, 150)}
SEAL_INKS = {"red": (205, 30, 35), "purple_red": (165, 30, 95), "orange_red": (225, 70, 40)}


def noise(size: tuple[int, int], sigma: float, rng: random.Random) -> Image.Image:
    """Gaussian grey noise around 128 drawn from ``rng`` (PIL's effect_noise is unseeded)."""
    gen = np.random.default_rng(rng.randrange(2**32))
    a = 128 + gen.normal(0, sigma, (size[1], size[0]))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


@cache
def font(face: str, px: int) -> ImageFont.FreeTypeFont:
    """A face at a pixel size (cached)."""
    path, index = FACES[face]
    return ImageFont.truetype(path, max(6, px), index=index)


def mm(v: float) -> int:
    """Millimetres → pixels at the drawing resolution."""
    return round(v * PX_PER_MM)


class Canvas:
    """A page (or sticker) in millimetres on a 300 dpi RGB image."""

    def __init__(self, w_mm: float, h_mm: float, paper: tuple[int, int, int]) -> None:
        self.w, self.h = w_mm, h_mm
        self.img = Image.new("RGB", (mm(w_mm), mm(h_mm)), paper)
        self.draw = ImageDraw.Draw(self.img)

    def text(self, x: float, y: float, s: str, face: str, size: float,
             fill: tuple[int, int, int] = (20, 20, 20), anchor: str = "ls",
             spacing: float = 0.0) -> float:
        """Print ``s`` with its baseline at y (mm); extra letter spacing in mm; the end x."""
        f = font(face, mm(size))
        if not spacing:
            self.draw.text((mm(x), mm(y)), s, font=f, fill=fill, anchor=anchor)
            return x + f.getlength(s) / PX_PER_MM
        for ch in s:
            self.draw.text((mm(x), mm(y)), ch, font=f, fill=fill, anchor="ls")
            x += f.getlength(ch) / PX_PER_MM + spacing
        return x - spacing

    def width(self, s: str, face: str, size: float) -> float:
        """Printed width of ``s`` in mm."""
        return font(face, mm(size)).getlength(s) / PX_PER_MM

    def line(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.25,
             fill: tuple[int, int, int] = (60, 60, 60), dash: float = 0.0) -> None:
        """A rule; dotted/dashed when ``dash`` > 0 (segment length in mm)."""
        if not dash:
            self.draw.line((mm(x0), mm(y0), mm(x1), mm(y1)), fill=fill, width=max(1, mm(w)))
            return
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / (2 * dash)))
        for i in range(n):
            a, b = i / n, (i + 0.5) / n
            self.draw.line((mm(x0 + (x1 - x0) * a), mm(y0 + (y1 - y0) * a),
                            mm(x0 + (x1 - x0) * b), mm(y0 + (y1 - y0) * b)),
                           fill=fill, width=max(1, mm(w)))

    def rect(self, x: float, y: float, w: float, h: float, outline: tuple[int, int, int] | None,
             fill: tuple[int, int, int] | None = None, width: float = 0.3) -> None:
        """A box in mm."""
        self.draw.rectangle((mm(x), mm(y), mm(x + w), mm(y + h)), outline=outline, fill=fill,
                            width=max(1, mm(width)))

    def paste(self, layer: Image.Image, x: float, y: float, multiply: bool = False) -> None:
        """Put an RGBA layer with its top-left at (x, y) mm; ``multiply`` for ink over print."""
        box = (mm(x), mm(y))
        if not multiply:
            self.img.paste(layer, box, layer if layer.mode == "RGBA" else None)
            return
        region = (box[0], box[1], box[0] + layer.width, box[1] + layer.height)
        under = self.img.crop(region)
        over = Image.new("RGB", layer.size, "white")
        over.paste(layer.convert("RGB"), (0, 0), layer.split()[3] if layer.mode == "RGBA"
                   else None)
        self.img.paste(ImageChops.multiply(under, over), region[:2])


def hand(s: str, face: str, size: float, ink: tuple[int, int, int], rng: random.Random,
         slant: float = 0.0) -> Image.Image:
    """Hand lettering: each character its own size, tilt and baseline; RGBA, tight height."""
    px = mm(size)
    cells: list[Image.Image] = []
    for ch in s:
        f = font(face, round(px * rng.uniform(0.88, 1.1)))
        w = max(1, round(f.getlength(ch))) + 4
        cell = Image.new("L", (w, round(px * 1.5)), 0)
        ImageDraw.Draw(cell).text((2, round(px * 1.15)), ch, font=f, fill=255, anchor="ls",
                                  stroke_width=rng.choice((0, 0, 1)))
        cells.append(cell.rotate(rng.uniform(-5, 5) + slant, resample=Image.Resampling.BICUBIC,
                                 expand=False))
    width = sum(c.width for c in cells) + len(cells) * 2
    mask = Image.new("L", (max(1, width), round(px * 1.7)), 0)
    x = 0
    for c in cells:
        mask.paste(c, (x, round(px * rng.uniform(0.0, 0.15))), c)
        x += c.width + rng.randrange(-1, 4)
    out = Image.new("RGBA", mask.size, ink + (0,))
    out.putalpha(mask.point(lambda v: int(v * 0.92)))
    return out


def dot_matrix(s: str, face: str, size: float, ink: tuple[int, int, int]) -> Image.Image:
    """A 24-pin printer's fill-in: the glyphs sampled on a dot grid, each dot a round blot."""
    px = mm(size)
    f = font(face, px)
    w = round(f.getlength(s)) + 4
    mask = Image.new("L", (max(1, w), round(px * 1.4)), 0)
    ImageDraw.Draw(mask).text((2, round(px * 1.1)), s, font=f, fill=255, anchor="ls")
    pitch = max(2, round(px / 16))
    small = np.asarray(mask.resize((max(1, mask.width // pitch), max(1, mask.height // pitch)),
                                   Image.Resampling.BOX))
    out = Image.new("L", mask.size, 0)
    d = ImageDraw.Draw(out)
    r = pitch * 0.62
    for yy, xx in zip(*np.nonzero(small > 90), strict=True):
        cx, cy = xx * pitch + pitch / 2, yy * pitch + pitch / 2
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=235)
    layer = Image.new("RGBA", out.size, ink + (0,))
    layer.putalpha(out)
    return layer


def _arc_text(layer: Image.Image, text: str, face: str, cx: float, cy: float, radius: float,
              span: float, px: int, fill: tuple[int, int, int, int]) -> None:
    """Characters upright on a circle's upper arc, spread over ``span`` degrees."""
    n = len(text)
    for i, ch in enumerate(text):
        angle = -90 - span / 2 + span * (i + 0.5) / n
        cell = Image.new("RGBA", (px * 2, px * 2), (0, 0, 0, 0))
        ImageDraw.Draw(cell).text((px, px), ch, font=font(face, px), fill=fill, anchor="mm")
        cell = cell.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        x = cx + radius * math.cos(math.radians(angle)) - px
        y = cy + radius * math.sin(math.radians(angle)) - px
        layer.alpha_composite(cell, (round(x), round(y)))


def _star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: tuple[int, ...]) -> None:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.38
        a = math.radians(-90 + i * 36)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=fill)


def _wear(layer: Image.Image, rng: random.Random, strength: float) -> Image.Image:
    """Uneven ink: a blotchy multiplier on the alpha channel."""
    small = np.asarray([[rng.random() for _ in range(12)] for _ in range(12)], dtype=np.float32)
    blot = Image.fromarray((small * 255).astype(np.uint8)).resize(layer.size,
                                                                  Image.Resampling.BICUBIC)
    grain = noise(layer.size, 60, rng).point(lambda v: 255 if v > 70 else 0)
    a = np.asarray(layer.split()[3], dtype=np.float32)
    keep = (1 - strength) + strength * np.asarray(blot, dtype=np.float32) / 255
    a = a * keep * np.where(np.asarray(grain) > 0, 1.0, 1 - strength * 0.8)
    layer.putalpha(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))
    return layer


def seal(authority: str, rng: random.Random, ink: str = "red", wear: float = 0.3,
         diameter: float = 40.0, bottom: str = "", double: bool = False) -> Image.Image:
    """A round official seal (RGBA, ``diameter`` mm) with the authority on its ring."""
    size = mm(diameter) + 8
    colour = SEAL_INKS[ink] + (235,)
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    c, r = size / 2, mm(diameter) / 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=colour, width=mm(1.1))
    px = mm(diameter * (0.14 if len(authority) < 12 else 0.115))
    span = min(250, 24 * len(authority) + 40)
    _arc_text(layer, authority, "song_bold", c, c, r - mm(1.1) - px * 0.62, span, px, colour)
    _star(d, c, c, r * 0.3, colour)
    if bottom:
        d.text((c, c + r * 0.55), bottom, font=font("song", round(r * 0.16)), fill=colour,
               anchor="mm")
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    if double:  # struck twice, the second blow fainter and off by a millimetre
        ghost = layer.copy()
        ghost.putalpha(ghost.split()[3].point(lambda v: int(v * 0.45)))
        out = Image.new("RGBA", layer.size, (0, 0, 0, 0))
        out.alpha_composite(ghost, (mm(rng.uniform(0.4, 1.4)), mm(rng.uniform(0.3, 1.2))))
        out.alpha_composite(layer)
        layer = out
    return _wear(layer, rng, wear)


def date_stamp(top: str, middle: str, bottom: str, rng: random.Random,
               ink: tuple[int, int, int] = (40, 50, 140)) -> Image.Image:
    """A round dater: double ring, a name on the upper arc, a band with the date, a word below."""
    size = mm(30)
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    c, r = size / 2, size / 2 - 4
    col = ink + (230,)
    d.ellipse((c - r, c - r, c + r, c + r), outline=col, width=mm(0.7))
    d.ellipse((c - r + mm(1.2), c - r + mm(1.2), c + r - mm(1.2), c + r - mm(1.2)),
              outline=col, width=mm(0.3))
    _arc_text(layer, top, "hei", c, c, r - mm(3.6), min(220, 22 * len(top) + 30), mm(3.0), col)
    band = mm(3.6)
    d.line((c - r + mm(2), c - band, c + r - mm(2), c - band), fill=col, width=mm(0.4))
    d.line((c - r + mm(2), c + band, c + r - mm(2), c + band), fill=col, width=mm(0.4))
    d.text((c, c), middle, font=font("mono", mm(4.0)), fill=col, anchor="mm")
    d.text((c, c + band + mm(4.2)), bottom, font=font("hei", mm(3.4)), fill=col, anchor="mm")
    return _wear(layer.rotate(rng.uniform(-12, 12), resample=Image.Resampling.BICUBIC), rng, 0.35)


def barcode(digits: str, w_mm: float, h_mm: float, rng: random.Random) -> Image.Image:
    """A barcode-like strip of bars (not a decodable symbology) above its digits."""
    img = Image.new("RGBA", (mm(w_mm), mm(h_mm)), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    x, unit, bar_h = 0, max(2, mm(w_mm) // 160), mm(h_mm * 0.72)
    black = True
    seq = random.Random(digits)
    while x < img.width:
        w = unit * seq.choice((1, 1, 2, 3))
        if black:
            d.rectangle((x, 0, x + w - 1, bar_h), fill=(10, 10, 10, 255))
        x += w
        black = not black
    d.text((img.width / 2, img.height), digits, font=font("mono", mm(h_mm * 0.22)),
           fill=(10, 10, 10, 255), anchor="md")
    return img


def portrait(w_mm: float, h_mm: float, background: tuple[int, int, int],
             rng: random.Random) -> Image.Image:
    """A head-and-shoulders photo on a plain background (RGB)."""
    w, h = mm(w_mm), mm(h_mm)
    img = Image.new("RGB", (w, h), background)
    d = ImageDraw.Draw(img)
    skin = rng.choice(((236, 200, 175), (222, 184, 150), (205, 165, 130)))
    cloth = rng.choice(((30, 30, 40), (60, 70, 110), (240, 240, 240), (90, 40, 40)))
    d.ellipse((w * 0.05, h * 0.72, w * 0.95, h * 1.35), fill=cloth)
    d.rectangle((w * 0.42, h * 0.55, w * 0.58, h * 0.78), fill=skin)
    d.ellipse((w * 0.3, h * 0.2, w * 0.7, h * 0.66), fill=skin)
    hair = rng.choice(((20, 18, 18), (45, 35, 30)))
    d.chord((w * 0.27, h * 0.12, w * 0.73, h * 0.5), 180, 360, fill=hair)
    if rng.random() < 0.5:  # long hair
        d.rectangle((w * 0.27, h * 0.3, w * 0.33, h * 0.72), fill=hair)
        d.rectangle((w * 0.67, h * 0.3, w * 0.73, h * 0.72), fill=hair)
    for ex in (0.42, 0.58):
        d.ellipse((w * ex - w * 0.025, h * 0.4, w * ex + w * 0.025, h * 0.43), fill=(30, 25, 25))
    d.arc((w * 0.44, h * 0.5, w * 0.56, h * 0.56), 20, 160, fill=(150, 70, 70), width=3)
    img = img.filter(ImageFilter.GaussianBlur(mm(0.25)))
    grain = noise((w, h), 18, rng).convert("RGB")
    return Image.blend(img, ImageChops.multiply(img, grain.point(lambda v: 200 + v // 5)), 0.25)


def emboss_ring(diameter: float, text: str, rng: random.Random) -> Image.Image:
    """A steel seal's relief (no ink): ring and lettering as light/dark edges (RGBA)."""
    size = mm(diameter) + 8
    shape = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    c, r = size / 2, mm(diameter) / 2
    col = (255, 255, 255, 255)
    ImageDraw.Draw(shape).ellipse((c - r, c - r, c + r, c + r), outline=col, width=mm(0.9))
    _arc_text(shape, text, "hei_bold", c, c, r - mm(3.2), 240, mm(3.6), col)
    _star(ImageDraw.Draw(shape), c, c, r * 0.25, col)
    a = shape.split()[3].filter(ImageFilter.GaussianBlur(2))
    light = ImageChops.offset(a, -3, -3)
    dark = ImageChops.offset(a, 3, 3)
    relief = np.asarray(dark, np.int16) - np.asarray(light, np.int16)
    out = np.zeros((size, size, 4), np.uint8)
    out[..., :3] = np.where(relief[..., None] > 0, 60, 255)
    out[..., 3] = np.clip(np.abs(relief) * 0.55, 0, 140).astype(np.uint8)
    return Image.fromarray(out, "RGBA").rotate(rng.uniform(0, 360))
